package fabric.s2d.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads, writes, scrubs and rebuilds the columns of one volume's slabs. A slab of a {@code k+m}
 * layout holds {@code k} data columns striped in interleaves (row {@code r} of column {@code c}
 * holds logical bytes {@code (r*k + c) * interleave}) and {@code m} redundancy columns: copies for a
 * mirror, Reed-Solomon parity otherwise. Every 4 KiB block of a column has its CRC32C in the
 * extent's checksum area, verified on every read; a block that fails is restored from redundancy
 * and rewritten. Callers hold the slab's lock; metadata changes go through the pool's lock.
 */
final class SlabEngine {

    private static final int B = BlockCrc.BLOCK;
    private static final byte[] ZEROS = new byte[1 << 20];

    private final FilePool pool;
    private final VolumeRecord volume;
    private final Geometry g;
    private final int k;
    private final int n;
    private final boolean mirror;
    private final ReedSolomon rs;
    private final int bpi;
    private final ThreadLocal<Scratch> scratch;
    /** Whether a parity layout's columns rotate across regions (data and parity on every disk). */
    private final boolean rotated;

    /** Per-thread buffers: the row being built and a work area for gathering columns. */
    private static final class Scratch {
        final byte[][] row;
        final byte[][] work;
        final int[][] crcs;
        final byte[] crcBytes;
        final int[] present;
        final byte[][] rowParity;
        final byte[][] parity;
        final CRC32C crc = new CRC32C();

        Scratch(int n, int k, int interleave) {
            row = new byte[n][interleave];
            work = new byte[n][interleave];
            crcs = new int[n][interleave / B];
            crcBytes = new byte[interleave / B * 4];
            present = new int[interleave / B];
            rowParity = Arrays.copyOfRange(row, k, n);
            parity = new byte[Math.max(1, n - k)][B];
        }
    }

    SlabEngine(FilePool pool, VolumeRecord volume, Geometry g) {
        this.pool = pool;
        this.volume = volume;
        this.g = g;
        this.k = volume.layout.dataColumns();
        this.n = volume.layout.columns();
        this.mirror = volume.resiliency.isMirror();
        this.rs = mirror ? null : new ReedSolomon(k, n - k);
        this.bpi = g.blocksPerInterleave();
        this.rotated = volume.rotated && !mirror;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(n, k, g.interleaveBytes()));
    }

    /**
     * The physical column (index into the slab's disks, extents and stale maps) of a logical column
     * in a region: logical column {@code c} of region {@code r} sits in column {@code (c + r) mod n}
     * when the layout rotates, so parity is spread over every disk of the slab.
     */
    int physical(int c, int region) {
        return rotated ? (c + region) % n : c;
    }

    private int logical(int p, int region) {
        return rotated ? Math.floorMod(p - region, n) : p;
    }

    private int regionOf(int block) {
        return (int) ((long) block * B / g.regionBytes());
    }

    /** @return logical bytes per slab */
    long slabBytes() {
        return (long) k * g.extentBytes();
    }

    /** @return the fewest current columns that still give every byte */
    int needed() {
        return mirror ? 1 : k;
    }

    // ---- reads -------------------------------------------------------------------------------

    /** Reads {@code len} bytes at {@code inSlab} of a slab into {@code dst}. */
    void read(int slabIndex, SlabRecord s, long inSlab, ByteBuffer dst, int len) {
        if (s == null) {
            putZeros(dst, len);
            return;
        }
        Scratch sc = scratch.get();
        int I = g.interleaveBytes();
        long pos = inSlab;
        long end = inSlab + len;
        while (pos < end) {
            long row = pos / ((long) k * I);
            int within = (int) (pos % ((long) k * I));
            int col = within / I;
            int colByte = within % I;
            int piece = (int) Math.min(end - pos, I - colByte);
            long colOff = row * I + colByte;
            int region = (int) (colOff / g.regionBytes());
            if (!SlabRecord.get(s.written, region)) {
                putZeros(dst, piece);
            } else {
                requireReadable(slabIndex, s, region);
                int b0 = colByte / B;
                int b1 = (colByte + piece + B - 1) / B;
                long rowBlock = row * bpi;
                if (dst.hasArray() && colByte % B == 0 && piece % B == 0
                        && fetchDirect(sc, slabIndex, s, region, col, (int) (rowBlock + b0), b1 - b0, dst.array(),
                                dst.arrayOffset() + dst.position())) {
                    dst.position(dst.position() + piece);
                } else {
                    byte[] out = fetch(sc, slabIndex, s, region, col, (int) (rowBlock + b0), b1 - b0, null);
                    dst.put(out, colByte - b0 * B, piece);
                }
            }
            pos += piece;
        }
    }

    /**
     * The common read: whole blocks of a current column read straight into the caller's array and
     * verified there, without a copy.
     *
     * @return false when the column is not current or a block fails its checksum: then nothing is
     *         promised of {@code out}, and {@link #fetch} does the read with restoring
     */
    private boolean fetchDirect(Scratch sc, int slabIndex, SlabRecord s, int region, int col, int block0, int nb,
            byte[] out, int outOff) {
        int first = col;
        if (mirror) {
            first = -1;
            for (int i = 0; i < n; i++) {
                int c = (slabIndex + block0 / bpi + i) % n;
                if (current(s, c, region)) {
                    first = c;
                    break;
                }
            }
        }
        if (first < 0 || !current(s, first, region)) {
            return false;
        }
        int[] present = sc.present;
        Arrays.fill(present, 0, nb, 0);
        if (!readVerified(sc, s, first, block0, nb, out, outOff, present)) {
            return false;
        }
        for (int i = 0; i < nb; i++) {
            if ((present[i] & (1 << first)) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Gets verified blocks of data column {@code col} (for a mirror, of any copy) into {@code out}:
     * read from the column, restored from redundancy where a block fails or the column is not
     * current, and the failed blocks rewritten.
     *
     * @return the array holding the blocks from offset 0: {@code out}, or a scratch array when it is null
     */
    private byte[] fetch(Scratch sc, int slabIndex, SlabRecord s, int region, int col, int block0, int nb, byte[] out) {
        int[] present = sc.present;
        Arrays.fill(present, 0, nb, 0);
        int first = col;
        if (mirror) {
            first = -1;
            for (int i = 0; i < n; i++) {
                int c = (slabIndex + block0 / bpi + i) % n;
                if (current(s, c, region)) {
                    first = c;
                    break;
                }
            }
            if (first < 0) {
                throw offline(slabIndex, region);
            }
        }
        int bad = nb;
        if (current(s, first, region) && readVerified(sc, s, first, block0, nb, sc.work[first], present)) {
            bad = 0;
            for (int i = 0; i < nb; i++) {
                bad += (present[i] & (1 << first)) == 0 ? 1 : 0;
            }
        }
        if (bad == 0) {
            return copyOut(sc.work[first], out, nb);
        }
        for (int c = 0; c < n; c++) {
            if (c != first && current(s, c, region)) {
                readVerified(sc, s, c, block0, nb, sc.work[c], present);
            }
        }
        restore(sc, slabIndex, region, block0, nb, 1 << first);
        if (current(s, first, region)) {
            rewriteRestored(sc, s, first, block0, nb, present);
        }
        return copyOut(sc.work[first], out, nb);
    }

    /** @return {@code out} holding the blocks, or {@code work} itself when {@code out} is null */
    private static byte[] copyOut(byte[] work, byte[] out, int nb) {
        if (out == null) {
            return work;
        }
        System.arraycopy(work, 0, out, 0, nb * B);
        return out;
    }

    /**
     * Restores the wanted columns in {@code sc.work} block by block from the verified ones.
     *
     * @throws FabricException {@code INTERNAL} when a block has too few verified columns
     */
    private void restore(Scratch sc, int slabIndex, int region, int block0, int nb, int wantedMask) {
        int[] present = sc.present;
        int i = 0;
        while (i < nb) {
            int mask = present[i];
            int j = i + 1;
            while (j < nb && present[j] == mask) {
                j++;
            }
            int wanted = wantedMask & ~mask;
            if (wanted != 0) {
                if (Integer.bitCount(mask) < needed()) {
                    throw new FabricException(ErrorCode.INTERNAL, "volume " + volume.name + ": slab " + slabIndex
                            + " block " + (block0 + i) + " cannot be read correctly from any copy (" + Integer.bitCount(mask)
                            + " verified columns, " + needed() + " needed)");
                }
                if (mirror) {
                    int src = Integer.numberOfTrailingZeros(mask);
                    for (int c = 0; c < n; c++) {
                        if ((wanted & (1 << c)) != 0) {
                            System.arraycopy(sc.work[src], i * B, sc.work[c], i * B, (j - i) * B);
                        }
                    }
                } else {
                    rs.reconstruct(sc.work, i * B, (j - i) * B, mask, wanted);
                }
            }
            i = j;
        }
    }

    /** Rewrites the blocks of column {@code c} that failed verification, now restored in {@code sc.work[c]}. */
    private void rewriteRestored(Scratch sc, SlabRecord s, int c, int block0, int nb, int[] present) {
        int i = 0;
        while (i < nb) {
            if ((present[i] & (1 << c)) != 0) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < nb && (present[j] & (1 << c)) == 0) {
                j++;
            }
            writeColumn(sc, s, c, block0 + i, j - i, sc.work[c], i * B);
            pool.countRepaired(j - i);
            i = j;
        }
    }

    // ---- writes ------------------------------------------------------------------------------

    /** Writes {@code len} bytes from {@code src} at {@code inSlab} of an allocated slab. */
    void write(int slabIndex, SlabRecord s, long inSlab, ByteBuffer src, int len) {
        Scratch sc = scratch.get();
        int I = g.interleaveBytes();
        long rowBytes = (long) k * I;
        long pos = inSlab;
        long end = inSlab + len;
        while (pos < end) {
            long row = pos / rowBytes;
            long rowBase = row * rowBytes;
            int lo = (int) (pos - rowBase);
            int hi = (int) Math.min(end - rowBase, rowBytes);
            int region = (int) (row * I / g.regionBytes());
            int targets = prepareRegion(slabIndex, s, region);
            int cLo = lo / I;
            int cHi = (hi - 1) / I;
            int uLo = cHi > cLo ? 0 : lo % I;
            int uHi = cHi > cLo ? I : (hi - 1) % I + 1;
            int b0 = uLo / B;
            int nb = (uHi + B - 1) / B - b0;
            int rowBlock = (int) (row * bpi);
            int touched = 0;
            for (int c = 0; c < k; c++) {
                int sByte = c == cLo ? lo % I : 0;
                int eByte = c == cHi ? (hi - 1) % I + 1 : I;
                boolean isTouched = c >= cLo && c <= cHi;
                boolean covers = isTouched && sByte <= b0 * B && eByte >= (b0 + nb) * B;
                if (!covers && (isTouched || !mirror)) {
                    fetch(sc, slabIndex, s, region, c, rowBlock + b0, nb, sc.row[c]);
                }
                if (isTouched) {
                    touched |= 1 << c;
                    src.get(sc.row[c], sByte - b0 * B, eByte - sByte);
                }
            }
            if (!mirror) {
                rs.encode(sc.row, 0, sc.rowParity, 0, nb * B);
            }
            boolean crcsReady = false;
            int last = -1;
            for (int c = 0; c < n; c++) {
                if ((mirror || c >= k || (touched & (1 << c)) != 0) && (targets & (1 << c)) != 0) {
                    last = c;
                }
            }
            for (int c = 0; c <= last; c++) {
                byte[] data = mirror ? sc.row[0] : sc.row[c];
                boolean writeIt = mirror || c >= k || (touched & (1 << c)) != 0;
                if (writeIt && (targets & (1 << c)) != 0) {
                    // a mirror's copies are the same bytes: their checksums are computed once; the
                    // other columns are queued, the last one this thread writes while they are written
                    writeColumn(sc, s, c, rowBlock + b0, nb, data, 0, crcsReady, c == last ? NOW : QUEUED);
                    crcsReady = mirror;
                }
            }
            requireReadable(slabIndex, s, region);
            pos = rowBase + hi;
        }
    }

    /**
     * Before a write to a region: refuses it when too few columns are current, marks the columns
     * of away disks stale (committed before the write), and zeroes a region never written before.
     *
     * @return the columns the write goes to: those current now. A disk that fails later in the
     *         write still gets it (or, on an I/O error, its column is marked stale), so a column is
     *         never left behind without a stale mark.
     */
    private int prepareRegion(int slabIndex, SlabRecord s, int region) {
        requireReadable(slabIndex, s, region);
        int targets = 0;
        for (int c = 0; c < n; c++) {
            int p = physical(c, region);
            if (!pool.disk(s.disks[p]).online()) {
                if (!SlabRecord.get(s.stale[p], region)) {
                    pool.markStale(s, p, region);
                }
            } else if (!SlabRecord.get(s.stale[p], region)) {
                targets |= 1 << c;
            }
        }
        if (!SlabRecord.get(s.written, region)) {
            Scratch sc = scratch.get();
            for (int c = 0; c < n; c++) {
                if ((targets & (1 << c)) != 0) {
                    zeroRegion(sc, s, c, region);
                }
            }
            pool.markWritten(s, region);
        }
        return targets;
    }

    private void zeroRegion(Scratch sc, SlabRecord s, int c, int region) {
        c = physical(c, region);
        DiskRecord d = pool.disk(s.disks[c]);
        DiskFile f = d.file;
        long base = extentBase(s, c);
        int R = g.regionBytes();
        BlockCache cache = pool.cacheFor(s.disks[c]);
        if (cache != null) {
            cache.drop(s.disks[c], s.extents[c], region * (R / B), R / B);
        }
        try {
            for (int off = 0; off < R; off += ZEROS.length) {
                f.write(base + (long) region * R + off, ZEROS, 0, Math.min(ZEROS.length, R - off));
            }
            f.writeCrcs(base + g.extentBytes() + (long) region * (R / B) * 4, ZEROS, 0, R / B * 4, false);
        } catch (IOException | RuntimeException e) {
            pool.ioFailure(d, f, e);
            pool.markStale(s, c, region);
        }
    }

    // ---- repair and scrub --------------------------------------------------------------------

    /**
     * Rebuilds one region of column {@code c} from the other columns.
     *
     * @return bytes written
     */
    long rebuildRegion(int slabIndex, SlabRecord s, int physicalColumn, int region) {
        int c = logical(physicalColumn, region);
        Scratch sc = scratch.get();
        int rows = g.regionBytes() / g.interleaveBytes();
        long written = 0;
        for (int r = 0; r < rows; r++) {
            int rowBlock = (region * rows + r) * bpi;
            Arrays.fill(sc.present, 0, bpi, 0);
            for (int o = 0; o < n; o++) {
                if (o != c && current(s, o, region)) {
                    readVerified(sc, s, o, rowBlock, bpi, sc.work[o], sc.present);
                }
            }
            restore(sc, slabIndex, region, rowBlock, bpi, 1 << c);
            // written through: the region is marked current once rebuilt, so its bytes must be in the file
            if (!writeColumn(sc, s, c, rowBlock, bpi, sc.work[c], 0, false, THROUGH)) {
                throw new FabricException(ErrorCode.UNAVAILABLE, "disk " + pool.disk(s.disks[physicalColumn]).label()
                        + " failed during rebuild");
            }
            written += g.interleaveBytes();
        }
        return written;
    }

    /** Scrub counters of one pass. */
    static final class ScrubCounts {
        long checked;
        long corrupt;
        long repaired;
        long unrepairable;
        long parityFixed;
    }

    /** Verifies every current column of every written region of a slab, repairing what it can. */
    void scrub(int slabIndex, SlabRecord s, ScrubCounts counts) {
        Scratch sc = scratch.get();
        int rowsPerRegion = g.regionBytes() / g.interleaveBytes();
        for (int region = 0; region < g.regionsPerExtent(); region++) {
            if (!SlabRecord.get(s.written, region)) {
                continue;
            }
            for (int r = 0; r < rowsPerRegion; r++) {
                scrubRow(sc, slabIndex, s, region, (region * rowsPerRegion + r) * bpi, counts);
            }
        }
        s.suspect = null;
    }

    private void scrubRow(Scratch sc, int slabIndex, SlabRecord s, int region, int rowBlock, ScrubCounts counts) {
        int currentMask = 0;
        Arrays.fill(sc.present, 0, bpi, 0);
        for (int c = 0; c < n; c++) {
            if (current(s, c, region)) {
                currentMask |= 1 << c;
                readVerified(sc, s, c, rowBlock, bpi, sc.work[c], sc.present);
            }
        }
        int cur = Integer.bitCount(currentMask);
        for (int i = 0; i < bpi; i++) {
            int present = sc.present[i];
            int bad = currentMask & ~present;
            counts.checked += cur;
            if (bad == 0) {
                continue;
            }
            int nbad = Integer.bitCount(bad);
            counts.corrupt += nbad;
            if (Integer.bitCount(present) < needed()) {
                if (s.suspect != null && SlabRecord.get(s.suspect, region)
                        && adoptUnflushed(sc, s, rowBlock, i, currentMask)) {
                    counts.repaired += nbad;
                    sc.present[i] = currentMask;
                } else {
                    counts.unrepairable += nbad;
                }
                continue;
            }
            restoreOne(sc, i, present, bad);
            for (int c = 0; c < n; c++) {
                if ((bad & (1 << c)) != 0 && writeColumn(sc, s, c, rowBlock + i, 1, sc.work[c], i * B)) {
                    counts.repaired++;
                }
            }
            sc.present[i] = present | bad;
        }
        // consistency of redundancy where every column is current and verified
        for (int i = 0; i < bpi; i++) {
            if (currentMask != (1 << n) - 1 || sc.present[i] != currentMask) {
                continue;
            }
            if (mirror) {
                for (int c = 1; c < n; c++) {
                    if (!Arrays.equals(sc.work[0], i * B, (i + 1) * B, sc.work[c], i * B, (i + 1) * B)) {
                        writeColumn(sc, s, c, rowBlock + i, 1, sc.work[0], i * B);
                        counts.parityFixed++;
                    }
                }
            } else {
                rs.encode(sc.work, i * B, sc.parity, 0, B);
                for (int p = k; p < n; p++) {
                    if (!Arrays.equals(sc.parity[p - k], 0, B, sc.work[p], i * B, (i + 1) * B)) {
                        writeColumn(sc, s, p, rowBlock + i, 1, sc.parity[p - k], 0);
                        counts.parityFixed++;
                    }
                }
            }
        }
    }

    /**
     * After a crash, in a region written since its last flush: a block no column verifies was
     * written after that flush and its checksums did not reach the file. Any content is allowed
     * there, so the columns are made to agree again (a mirror takes its first current copy, a
     * parity layout re-encodes its data columns) and written with fresh checksums.
     *
     * @return false when a parity layout lacks a current data column
     */
    private boolean adoptUnflushed(Scratch sc, SlabRecord s, int rowBlock, int i, int currentMask) {
        if (mirror) {
            int src = Integer.numberOfTrailingZeros(currentMask);
            for (int c = 0; c < n; c++) {
                if ((currentMask & (1 << c)) != 0 && c != src) {
                    System.arraycopy(sc.work[src], i * B, sc.work[c], i * B, B);
                }
            }
        } else {
            if ((currentMask & ((1 << k) - 1)) != (1 << k) - 1) {
                return false;
            }
            rs.encode(sc.work, i * B, sc.parity, 0, B);
            for (int p = k; p < n; p++) {
                System.arraycopy(sc.parity[p - k], 0, sc.work[p], i * B, B);
            }
        }
        for (int c = 0; c < n; c++) {
            if ((currentMask & (1 << c)) != 0) {
                writeColumn(sc, s, c, rowBlock + i, 1, sc.work[c], i * B);
            }
        }
        return true;
    }

    private void restoreOne(Scratch sc, int i, int present, int bad) {
        if (mirror) {
            int src = Integer.numberOfTrailingZeros(present);
            for (int c = 0; c < n; c++) {
                if ((bad & (1 << c)) != 0) {
                    System.arraycopy(sc.work[src], i * B, sc.work[c], i * B, B);
                }
            }
        } else {
            rs.reconstruct(sc.work, i * B, B, present, bad);
        }
    }

    // ---- column I/O --------------------------------------------------------------------------

    /** @return whether logical column {@code c} of a region is current */
    boolean current(SlabRecord s, int c, int region) {
        return currentPhysical(s, physical(c, region), region);
    }

    /** @return whether physical column {@code p} of a region is current */
    boolean currentPhysical(SlabRecord s, int p, int region) {
        return pool.disk(s.disks[p]).online() && !SlabRecord.get(s.stale[p], region);
    }

    /** @return how many columns of the region are current */
    int currentColumns(SlabRecord s, int region) {
        int count = 0;
        for (int c = 0; c < n; c++) {
            count += current(s, c, region) ? 1 : 0;
        }
        return count;
    }

    private void requireReadable(int slabIndex, SlabRecord s, int region) {
        if (currentColumns(s, region) < needed()) {
            throw offline(slabIndex, region);
        }
    }

    private FabricException offline(int slabIndex, int region) {
        return new FabricException(ErrorCode.UNAVAILABLE, "volume " + volume.name + " is offline: slab " + slabIndex
                + " region " + region + " has fewer than " + needed() + " current columns of " + n);
    }

    private long extentBase(SlabRecord s, int c) {
        return g.dataStart() + (long) s.extents[c] * g.extentStride();
    }

    /**
     * Reads blocks of a column and their checksums; sets bit {@code c} of {@code present[i]} for
     * each block that verifies.
     *
     * @return false when the disk failed
     */
    private boolean readVerified(Scratch sc, SlabRecord s, int logicalColumn, int block0, int nb, byte[] buf,
            int[] present) {
        return readVerified(sc, s, logicalColumn, block0, nb, buf, 0, present);
    }

    /** As above, into {@code buf} from {@code bufOff}. */
    private boolean readVerified(Scratch sc, SlabRecord s, int logicalColumn, int block0, int nb, byte[] buf,
            int bufOff, int[] present) {
        int c = physical(logicalColumn, regionOf(block0));
        DiskRecord d = pool.disk(s.disks[c]);
        DiskFile f = d.file;
        BlockCache cache = pool.cacheFor(s.disks[c]);
        try {
            if (cache != null) {
                cache.read(d, s.extents[c], block0, nb, buf, bufOff, sc.crcBytes);
            } else {
                long base = extentBase(s, c);
                f.read(base + (long) block0 * B, buf, bufOff, nb * B);
                f.readCrcs(base + g.extentBytes() + (long) block0 * 4, sc.crcBytes, 0, nb * 4);
            }
        } catch (BlockCache.CacheFailure e) {
            pool.cacheFailure(e.cache, e);
            return false;
        } catch (IOException | RuntimeException e) {
            pool.ioFailure(d, f, e);
            return false;
        }
        byte[] cb = sc.crcBytes;
        for (int i = 0; i < nb; i++) {
            int stored = (cb[i * 4] & 0xff) << 24 | (cb[i * 4 + 1] & 0xff) << 16 | (cb[i * 4 + 2] & 0xff) << 8
                    | (cb[i * 4 + 3] & 0xff);
            if (BlockCrc.of(sc.crc, buf, bufOff + i * B) == stored) {
                present[i] |= 1 << logicalColumn;
            }
        }
        return true;
    }

    /**
     * Writes blocks of a column with their checksums. On an I/O error the disk is failed and the
     * region marked stale.
     *
     * @return false when the disk failed
     */
    private boolean writeColumn(Scratch sc, SlabRecord s, int logicalColumn, int block0, int nb, byte[] buf, int off) {
        return writeColumn(sc, s, logicalColumn, block0, nb, buf, off, false, QUEUED);
    }

    /** {@link #writeColumn} queues the data on the disk's write queue. */
    private static final int QUEUED = 0;
    /** {@link #writeColumn} writes the data itself, after the queued writes it overlaps ({@link DiskFile#writeNow}). */
    private static final int NOW = 1;
    /** {@link #writeColumn} writes the data itself, after every queued write ({@link DiskFile#write}). */
    private static final int THROUGH = 2;

    /**
     * As above; with {@code crcsReady} the checksums in {@code sc.crcBytes} are those of these very
     * bytes. {@code how} the data is written: {@link #QUEUED}, {@link #NOW} or {@link #THROUGH}; a
     * queued write that fails later has the same effect through the pool ({@code FilePool.ioFailure}).
     */
    private boolean writeColumn(Scratch sc, SlabRecord s, int logicalColumn, int block0, int nb, byte[] buf, int off,
            boolean crcsReady, int how) {
        int c = physical(logicalColumn, regionOf(block0));
        DiskRecord d = pool.disk(s.disks[c]);
        DiskFile f = d.file;
        long base = extentBase(s, c);
        byte[] cb = sc.crcBytes;
        for (int i = 0; i < nb && !crcsReady; i++) {
            int v = BlockCrc.of(sc.crc, buf, off + i * B);
            cb[i * 4] = (byte) (v >>> 24);
            cb[i * 4 + 1] = (byte) (v >>> 16);
            cb[i * 4 + 2] = (byte) (v >>> 8);
            cb[i * 4 + 3] = (byte) v;
        }
        BlockCache cache = pool.cacheFor(s.disks[c]);
        try {
            if (cache != null) {
                cache.write(d, s.extents[c], block0, nb, buf, off, cb);
            } else {
                int region = regionOf(block0);
                if (!SlabRecord.get(s.pending, region)) {
                    // committed before the data write: after a crash the region's checksums are re-verified
                    pool.markPending(s, region);
                }
                s.crcSeq++;
                if (how == THROUGH) {
                    f.write(base + (long) block0 * B, buf, off, nb * B);
                } else if (how == NOW) {
                    f.writeNow(base + (long) block0 * B, buf, off, nb * B);
                } else {
                    f.writeQueued(base + (long) block0 * B, buf, off, nb * B, volume, s, c, region);
                }
                f.writeCrcs(base + g.extentBytes() + (long) block0 * 4, cb, 0, nb * 4, true);
            }
            return true;
        } catch (BlockCache.CacheFailure e) {
            pool.cacheFailure(e.cache, e);
            pool.markStale(s, c, (int) ((long) block0 * B / g.regionBytes()));
            return false;
        } catch (IOException | RuntimeException e) {
            pool.ioFailure(d, f, e);
            pool.markStale(s, c, (int) ((long) block0 * B / g.regionBytes()));
            return false;
        }
    }

    private static void putZeros(ByteBuffer dst, int len) {
        int left = len;
        while (left > 0) {
            int step = Math.min(left, ZEROS.length);
            dst.put(ZEROS, 0, step);
            left -= step;
        }
    }
}
