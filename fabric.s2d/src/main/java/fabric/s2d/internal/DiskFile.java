package fabric.s2d.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A pool disk backed by a file (sparse) or a block device, with positional I/O. Thread-safe:
 * positional reads and writes on a {@link FileChannel} do not share a position.
 *
 * <p>Checksum areas go through {@link #writeCrcs}/{@link #readCrcs}: a deferred write changes only
 * an in-memory copy of the 4 KiB checksum page, written to the file by {@link #force()} (or when
 * too many pages are held), so that a block write costs one positional write instead of two.
 * Whoever defers must make a crash before the force recoverable (the pool marks such regions
 * pending before the data write; see {@code FilePool.markPending}).
 *
 * <p>Reads of a regular file go through shared memory mappings of it (1 GiB each, mapped on first
 * use): a block read is a copy from the page cache, without a system call; writes too with
 * {@link #MAPPED_WRITES}. The mappings share the page cache with positional I/O to the file (other processes', the
 * tests' bit flips), and what was copied survives the death of the process like a positional
 * write; {@link #force()} forces the mappings too. A fault in mapped pages (an I/O error) becomes
 * an {@link IOException} like a failed positional read or write.
 *
 * <p>With a write queue ({@link WriteQueue}, the disk's volatile write cache), {@link #writeQueued}
 * copies a column write into the queue and returns; one writer thread per disk writes it to the
 * file. Every other write ({@link #write}, checksum writes, writes too large to queue) goes to the
 * file after the queue has drained, so writes reach the file in the order they were made. A read
 * first waits for the queued writes that overlap it, {@link #force()} and {@link #close()} drain
 * the queue. A queued write that failed makes every later read, queued write and force of the
 * disk throw until the pool took the failures ({@link #takeWriteFailures()}).
 */
final class DiskFile implements Closeable {

    private final Path path;
    private final FileChannel channel;
    private final boolean durable;
    private volatile boolean unflushed;
    /** Set by {@link #close()}: the mappings would outlive the channel, writes must not. */
    private volatile boolean closed;
    private static final int CHUNK_SHIFT = 30;
    /**
     * Whether writes go through the mappings too (JVM property {@code fabric.s2d.mappedWrites}): far
     * cheaper per write, but on ext4 a durable force after mapped writes costs several times more,
     * so off by default.
     */
    static final boolean MAPPED_WRITES = Boolean.getBoolean("fabric.s2d.mappedWrites");
    /** The write mappings by GiB of the file, or null for a block device (positional writes then). */
    private final AtomicReferenceArray<MappedByteBuffer> maps;
    private final long mappedBytes;
    /** Guards the checksum pages held in memory. */
    private final Object crcLock = new Object();
    /** Checksum page number (file position / 4096) to index in {@link #pages}. */
    private final LongIntMap held = new LongIntMap();
    private final List<byte[]> pages = new ArrayList<>();
    private int heldCount;
    /** Checksum pages held before they are written out without waiting for a force (16 MiB of checksums cover 16 GiB). */
    static final int MAX_HELD_PAGES = 4096;

    /** The disk's write queue; null when writes are not queued. */
    private final WriteQueue queue;
    /** The write queue's bytes per disk when the configuration does not say: 1 MiB. */
    static final int DEFAULT_QUEUE_BYTES = 1 << 20;

    private DiskFile(Path path, FileChannel channel, boolean durable, long mappedBytes, int queueBytes) {
        this.path = path;
        this.channel = channel;
        this.durable = durable;
        Path parent = path.getParent();
        String label = (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/")
                + path.getFileName();
        this.queue = queueBytes > 0 ? new WriteQueue(channel, queueBytes, label) : null;
        this.mappedBytes = mappedBytes;
        this.maps = mappedBytes > 0
                ? new AtomicReferenceArray<>((int) ((mappedBytes + (1L << CHUNK_SHIFT) - 1) >>> CHUNK_SHIFT))
                : null;
    }

    /**
     * Opens a disk file, creating it sparse at the given size when it does not exist.
     *
     * @param path the file
     * @param sizeBytes its size
     * @param durable whether {@link #force()} forces to stable storage; {@code false} only for tests that
     *        survive process death but not power loss (the page cache keeps what was written)
     * @return the disk
     * @throws IOException when it cannot be opened
     */
    static DiskFile open(Path path, long sizeBytes, boolean durable) throws IOException {
        return open(path, sizeBytes, durable, 0);
    }

    /**
     * As {@link #open(Path, long, boolean)}, with a write queue.
     *
     * @param queueBytes the write queue's ring bytes; 0 for none (every write synchronous)
     */
    static DiskFile open(Path path, long sizeBytes, boolean durable, int queueBytes) throws IOException {
        if (queueBytes < 0 || queueBytes > 0 && queueBytes < 4096) {
            throw new IllegalArgumentException("write queue of " + queueBytes + " bytes: 0 or at least 4096");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (ch.size() < sizeBytes) {
            ch.write(ByteBuffer.wrap(new byte[1]), sizeBytes - 1);
        }
        return new DiskFile(path, ch, durable, Files.isRegularFile(path) ? ch.size() : 0, queueBytes);
    }

    Path path() {
        return path;
    }

    /** Reads exactly {@code len} bytes; bytes past the end of the file read as zeros. */
    void read(long position, byte[] buf, int off, int len) throws IOException {
        if (queue != null) {
            queue.awaitOverlap(position, len);
            queue.requireNoFailure();
        }
        if (maps != null && position >= 0 && position + len <= mappedBytes) {
            if (closed) {
                throw new java.nio.channels.ClosedChannelException();
            }
            mapped(position, buf, off, len, false);
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        long pos = position;
        while (b.hasRemaining()) {
            int n = channel.read(b, pos);
            if (n < 0) {
                while (b.hasRemaining()) {
                    b.put((byte) 0);
                }
                return;
            }
            pos += n;
        }
    }

    /**
     * Copies between the file's mappings and an array. A fault in the mapped pages is the disk's I/O
     * error (or, writing, no space for a sparse hole).
     */
    private void mapped(long position, byte[] buf, int off, int len, boolean write) throws IOException {
        long pos = position;
        int o = off;
        int left = len;
        try {
            while (left > 0) {
                int chunk = (int) (pos >>> CHUNK_SHIFT);
                int in = (int) (pos & ((1L << CHUNK_SHIFT) - 1));
                MappedByteBuffer m = mapping(chunk);
                int step = Math.min(left, m.capacity() - in);
                if (write) {
                    m.put(in, buf, o, step);
                } else {
                    m.get(in, buf, o, step);
                }
                pos += step;
                o += step;
                left -= step;
            }
        } catch (InternalError e) {
            throw new IOException("disk " + path + ": fault " + (write ? "writing" : "reading") + " at " + pos, e);
        }
    }

    /** Writes to the file, after every queued write. */
    void write(long position, byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new java.nio.channels.ClosedChannelException();
        }
        if (queue != null) {
            queue.drain();
        }
        writeFile(position, buf, off, len);
    }

    /** Writes to the file: through the mapping with {@link #MAPPED_WRITES}, else positionally. */
    private void writeFile(long position, byte[] buf, int off, int len) throws IOException {
        if (MAPPED_WRITES && maps != null && position >= 0 && position + len <= mappedBytes) {
            mapped(position, buf, off, len, true);
            unflushed = true;
            return;
        }
        pwrite(position, buf, off, len);
    }

    /**
     * Writes to the file now, after only the queued writes it overlaps ({@link #write} waits for
     * every queued write): the caller's own copy of a write whose other copies are queued on other
     * disks, so that the copies are written at the same time. Order holds where it matters: a
     * queued write to the same bytes lands first, a later one after this.
     *
     * @throws IOException when the write fails, or an earlier queued write failed and the pool has
     *         not taken that failure yet
     */
    void writeNow(long position, byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new java.nio.channels.ClosedChannelException();
        }
        if (queue != null) {
            queue.awaitOverlap(position, len);
            queue.requireNoFailure();
        }
        writeFile(position, buf, off, len);
    }

    /**
     * Writes a column's blocks through the write queue: returns once they are queued (or, too
     * large to queue or without a queue, written). Reads see them at once; they are durable after
     * the next {@link #force()}. Should the queued write fail, the failure names the volume, slab,
     * physical column and region given here.
     *
     * @throws IOException when the write fails now, or an earlier queued write failed and the
     *         pool has not taken that failure yet
     */
    void writeQueued(long position, byte[] buf, int off, int len, VolumeRecord volume, SlabRecord slab, int column,
            int region) throws IOException {
        if (closed) {
            throw new java.nio.channels.ClosedChannelException();
        }
        if (queue != null && !MAPPED_WRITES && queue.offer(position, buf, off, len, volume, slab, column, region)) {
            unflushed = true;
            return;
        }
        write(position, buf, off, len);
    }

    /** @return the failed queued writes not yet taken, and forgets them (the disk reads and writes again) */
    List<WriteQueue.Failure> takeWriteFailures() {
        return queue == null ? List.of() : queue.takeFailures();
    }

    /** Test hook: the next {@code n} queued writes fail in the writer thread. */
    void failNextQueuedWrites(int n) {
        if (queue == null) {
            throw new IllegalStateException("disk " + path + " has no write queue");
        }
        queue.failNextWrites(n);
    }

    /** Test hook: while {@code hold} the writer thread writes nothing. */
    void holdQueuedWrites(boolean hold) {
        if (queue == null) {
            throw new IllegalStateException("disk " + path + " has no write queue");
        }
        queue.holdWriter(hold);
    }

    /** Waits until every write queued so far is in the file (not forced). */
    void drainQueue() {
        if (queue != null) {
            queue.drain();
        }
    }

    /** @return writes queued and not yet in the file */
    int queuedWrites() {
        return queue == null ? 0 : queue.queued();
    }

    private MappedByteBuffer mapping(int chunk) throws IOException {
        MappedByteBuffer m = maps.get(chunk);
        if (m == null) {
            synchronized (maps) {
                m = maps.get(chunk);
                if (m == null) {
                    long start = (long) chunk << CHUNK_SHIFT;
                    m = channel.map(FileChannel.MapMode.READ_WRITE, start,
                            Math.min(1L << CHUNK_SHIFT, mappedBytes - start));
                    maps.set(chunk, m);
                }
            }
        }
        return m;
    }

    private void pwrite(long position, byte[] buf, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        long pos = position;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
        unflushed = true;
    }

    /**
     * Writes checksum bytes. With {@code deferred} only the held page changes until the next
     * {@link #force()}; otherwise the bytes go to the file at once (and into a held page if there
     * is one, so a later force does not write an older copy over them).
     */
    void writeCrcs(long position, byte[] buf, int off, int len, boolean deferred) throws IOException {
        if (closed) {
            throw new java.nio.channels.ClosedChannelException();
        }
        synchronized (crcLock) {
            long pos = position;
            int o = off;
            int left = len;
            while (left > 0) {
                long page = pos >>> 12;
                int in = (int) (pos & 4095);
                int step = Math.min(left, 4096 - in);
                int idx = held.get(page, -1);
                if (idx < 0 && deferred) {
                    idx = hold(page);
                }
                if (idx >= 0) {
                    System.arraycopy(buf, o, pages.get(idx), in, step);
                }
                pos += step;
                o += step;
                left -= step;
            }
            if (!deferred) {
                write(position, buf, off, len);
            } else if (heldCount > MAX_HELD_PAGES) {
                writeHeld();
            }
        }
        unflushed = true;
    }

    /** Reads checksum bytes: from the held pages where they are newer than the file. */
    void readCrcs(long position, byte[] buf, int off, int len) throws IOException {
        synchronized (crcLock) {
            if (heldCount == 0) {
                read(position, buf, off, len);
                return;
            }
            long pos = position;
            int o = off;
            int left = len;
            while (left > 0) {
                long page = pos >>> 12;
                int in = (int) (pos & 4095);
                int step = Math.min(left, 4096 - in);
                int idx = held.get(page, -1);
                if (idx >= 0) {
                    System.arraycopy(pages.get(idx), in, buf, o, step);
                } else {
                    read(pos, buf, o, step);
                }
                pos += step;
                o += step;
                left -= step;
            }
        }
    }

    /** @return how many checksum pages are held in memory, not yet written to the file */
    int heldPages() {
        synchronized (crcLock) {
            return heldCount;
        }
    }

    private int hold(long page) throws IOException {
        int idx = heldCount++;
        if (idx == pages.size()) {
            pages.add(new byte[4096]);
        }
        read(page << 12, pages.get(idx), 0, 4096);
        held.put(page, idx);
        return idx;
    }

    /** Writes every held page to the file and forgets them; called under {@link #crcLock}. */
    private boolean writeHeld() throws IOException {
        if (heldCount == 0) {
            return false;
        }
        long[] keys = held.keys();
        for (long page : keys) {
            pwrite(page << 12, pages.get(held.get(page, -1)), 0, 4096);
        }
        held.clear();
        heldCount = 0;
        return true;
    }

    /**
     * Forces written bytes to stable storage when any were written since the last force; held
     * checksum pages are written first.
     */
    void force() throws IOException {
        if (queue != null) {
            queue.drain();
            queue.requireNoFailure();
        }
        synchronized (crcLock) {
            if (writeHeld()) {
                unflushed = true;
            }
        }
        if (unflushed) {
            unflushed = false;
            if (durable) {
                for (int i = 0; maps != null && i < maps.length(); i++) {
                    MappedByteBuffer m = maps.get(i);
                    if (m != null) {
                        m.force();
                    }
                }
                channel.force(false);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (queue != null) {
            queue.close();
        }
        closed = true;
        try {
            synchronized (crcLock) {
                writeHeld();
            }
        } finally {
            channel.close();
        }
    }
}
