package fabric.s2d.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.EventType;
import fabric.api.journal.Journal;
import fabric.api.storage.BlockDevice;
import fabric.api.storage.CacheStatus;
import fabric.api.storage.DiskState;
import fabric.api.storage.DiskStatus;
import fabric.api.storage.Layout;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.Progress;
import fabric.api.storage.RepairReport;
import fabric.api.storage.ResyncStatus;
import fabric.api.storage.ScrubReport;
import fabric.api.storage.StorageEvents.DiskStateChanged;
import fabric.api.storage.StorageEvents.RepairCompleted;
import fabric.api.storage.StorageEvents.ScrubCompleted;
import fabric.api.storage.StorageEvents.VolumeCreated;
import fabric.api.storage.StorageEvents.VolumeDeleted;
import fabric.api.storage.StoragePool;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeSpec;
import fabric.api.storage.VolumeStatus;
import fabric.api.topology.DiskRole;
import fabric.api.topology.DiskSpec;
import fabric.api.topology.NodeSpec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A storage pool over the disks of one scale unit's nodes, each disk a file under
 * {@code <base>/<node>/<disk>}. The pool's metadata (disks, volumes, slab maps, stale and written
 * regions) lives on the pool's own disks in alternating checksummed slots with a generation number
 * (see {@link MetadataSlots}); opening takes the newest valid generation found on any disk, so a
 * {@code kill -9} at any instant leaves the last committed metadata readable.
 *
 * <p>What must survive before I/O is acknowledged (disk states, volumes, stale regions) is committed
 * at once; what only matters for flushed data (slab allocation, written regions, freed slabs) is
 * committed by {@link #flush()}. Freed extents are reused only after their release is committed.
 */
public final class FilePool implements StoragePool, Closeable {

    private final ScaleUnitId scaleUnit;
    private final boolean durable;
    /** Bytes of each disk's write queue; 0 when writes go to the file synchronously. */
    private final int writeQueueBytes;
    /**
     * Volumes whose acknowledged writes were lost: a queued write failed and left its region
     * without enough current columns. Their next flush throws (and forgets the loss). Guarded by the pool.
     */
    private final Map<VolumeRecord, String> lostWrites = new java.util.HashMap<>();
    private final Journal journal;
    private final Geometry geometry;
    private final PoolHealth rules;
    private final UUID poolId;
    private final List<DiskRecord> disks = new ArrayList<>();
    private final Map<String, VolumeRecord> volumes = new TreeMap<>();
    private final Map<String, PoolVolume> devices = new TreeMap<>();
    private final Map<String, MapVolume> mapDevices = new TreeMap<>();
    /** Name suffixes of the hidden tiers of a mirror-accelerated parity volume. */
    static final String MIRROR_TIER = "~m";
    static final String PARITY_TIER = "~p";
    private final List<long[]> pendingFree = new ArrayList<>();
    /**
     * Slabs allocated but not yet in a volume (a copy on write being filled): their extents are
     * used though no volume names them. Guarded by the pool.
     */
    private final Set<SlabRecord> detached = new HashSet<>();
    private final AtomicLong repairedOnRead = new AtomicLong();
    /** One range clone at a time: it holds two slab locks at once, which nothing else does. */
    private final java.util.concurrent.locks.ReentrantLock cloneLock = new java.util.concurrent.locks.ReentrantLock();
    private long generation;
    /** Whether no write can be in flight: set by close, cleared (and committed) before the first write. */
    private volatile boolean clean = true;
    private final boolean openedClean;
    private ScrubReport[] reconciled = new ScrubReport[0];
    private boolean metaDirty;
    /**
     * How often a flush clears the pending regions: each clear costs the next write to every region
     * a metadata commit, so a stream of flushes clears at most this often (a region stays pending
     * meanwhile, which only widens what the scrub after a crash re-verifies).
     */
    static final long PENDING_CLEAR_NANOS = 30_000_000_000L;
    private long pendingClearedAt;
    private boolean pendingClearedOnce;
    private boolean committing;
    private volatile boolean repairing;
    private final java.util.function.LongSupplier nanoTime;
    /** Column bytes written by volumes, over the last minute. */
    private final RateMeter columnWrites;
    private final long assumedResyncRate;
    /** Decayed sums of the bytes and nanoseconds of region rebuilds: their ratio is the resync rate. */
    private double resyncBytes;
    private double resyncNanos;
    private final PoolImpact impact;
    private final Tiering tiering;
    private long lastDecay;

    /**
     * Opens the pool of a scale unit, creating it when no disk holds its metadata.
     *
     * @param scaleUnit the scale unit
     * @param nodes its nodes; their capacity disks hold the pool
     * @param base the directory of the disk files
     * @param geometry the sizes for a new pool (an existing pool keeps its own; the slot size must match)
     * @param journal where events are recorded; may be {@code null}
     * @throws FabricException {@code INTERNAL} when the disks cannot be opened
     */
    public FilePool(ScaleUnitId scaleUnit, List<NodeSpec> nodes, Path base, Geometry geometry, Journal journal) {
        this(scaleUnit, nodes, base, geometry, journal, true, DEFAULT_RESYNC_RATE, System::nanoTime);
    }

    /** The resync rate assumed before a repair was measured: 200 MiB/s. */
    static final long DEFAULT_RESYNC_RATE = 200L << 20;

    /**
     * As {@link #FilePool(ScaleUnitId, List, Path, Geometry, Journal)}, with the resync rate to
     * assume until a repair has been measured.
     *
     * @param assumedResyncBytesPerSecond the assumed resync rate; positive
     */
    public FilePool(ScaleUnitId scaleUnit, List<NodeSpec> nodes, Path base, Geometry geometry, Journal journal,
            long assumedResyncBytesPerSecond) {
        this(scaleUnit, nodes, base, geometry, journal, true, assumedResyncBytesPerSecond, System::nanoTime);
    }

    /**
     * As {@link #FilePool(ScaleUnitId, List, Path, Geometry, Journal, long)}, with the size of each
     * disk's write queue.
     *
     * @param writeQueueBytes bytes of each disk's write queue (its volatile write cache); 0 writes
     *        every column synchronously, otherwise at least 4096
     */
    public FilePool(ScaleUnitId scaleUnit, List<NodeSpec> nodes, Path base, Geometry geometry, Journal journal,
            long assumedResyncBytesPerSecond, int writeQueueBytes) {
        this(scaleUnit, nodes, base, geometry, journal, true, assumedResyncBytesPerSecond, System::nanoTime,
                writeQueueBytes);
    }

    /**
     * As {@link #FilePool(ScaleUnitId, List, Path, Geometry, Journal)}; with {@code durable} false
     * nothing is forced to stable storage (what is written survives the death of the process, not
     * the loss of power). For long randomized tests only.
     */
    FilePool(ScaleUnitId scaleUnit, List<NodeSpec> nodes, Path base, Geometry geometry, Journal journal,
            boolean durable) {
        this(scaleUnit, nodes, base, geometry, journal, durable, DEFAULT_RESYNC_RATE, System::nanoTime);
    }

    /**
     * As the constructor behind the others, with the default write queue.
     *
     * @param assumedResyncBytesPerSecond the resync rate to assume until a repair is measured
     * @param nanoTime the time source of the write meter and of repair timing
     */
    FilePool(ScaleUnitId scaleUnit, List<NodeSpec> nodes, Path base, Geometry geometry, Journal journal,
            boolean durable, long assumedResyncBytesPerSecond, java.util.function.LongSupplier nanoTime) {
        this(scaleUnit, nodes, base, geometry, journal, durable, assumedResyncBytesPerSecond, nanoTime,
                DiskFile.DEFAULT_QUEUE_BYTES);
    }

    /**
     * The constructor behind the others.
     *
     * @param writeQueueBytes bytes of each disk's write queue; 0 for none
     */
    FilePool(ScaleUnitId scaleUnit, List<NodeSpec> nodes, Path base, Geometry geometry, Journal journal,
            boolean durable, long assumedResyncBytesPerSecond, java.util.function.LongSupplier nanoTime,
            int writeQueueBytes) {
        if (assumedResyncBytesPerSecond <= 0) {
            throw FabricException.invalid("resyncMegabytesPerSecond", "the assumed resync rate must be positive");
        }
        if (writeQueueBytes < 0 || writeQueueBytes > 0 && writeQueueBytes < 4096) {
            throw FabricException.invalid("writeQueueBytes", "the write queue must be 0 (off) or at least 4096 bytes");
        }
        this.writeQueueBytes = writeQueueBytes;
        this.assumedResyncRate = assumedResyncBytesPerSecond;
        this.nanoTime = nanoTime;
        this.columnWrites = new RateMeter(60, nanoTime);
        this.scaleUnit = scaleUnit;
        this.durable = durable;
        this.journal = journal;
        List<DiskRecord> declared = new ArrayList<>();
        for (NodeSpec node : nodes) {
            for (DiskSpec d : node.disks()) {
                declared.add(new DiskRecord(declared.size(), node.id().value(), d.name(), d.media(), d.role(),
                        d.sizeBytes(), geometry.extentsOn(d.sizeBytes()), DiskState.ONLINE, ""));
            }
        }
        Map<String, DiskFile> files = new TreeMap<>();
        MetadataSlots.Slot newest = null;
        for (DiskRecord d : declared) {
            try {
                DiskFile f = DiskFile.open(base.resolve(d.node).resolve(d.name), d.sizeBytes, durable,
                        d.role == DiskRole.CAPACITY ? writeQueueBytes : 0);
                files.put(d.label(), f);
                if (d.role != DiskRole.CAPACITY) {
                    continue;
                }
                MetadataSlots.Slot s = MetadataSlots.readNewest(f, geometry.metadataSlotBytes());
                if (s != null && (newest == null || s.generation() > newest.generation())) {
                    newest = s;
                }
            } catch (IOException e) {
                throw new FabricException(ErrorCode.INTERNAL, "cannot open disk " + d.label() + ": " + e.getMessage(), e);
            }
        }
        boolean wasClean = true;
        if (newest == null) {
            this.geometry = geometry;
            this.rules = new PoolHealth(disks, geometry);
            this.impact = new PoolImpact(disks, geometry);
            this.poolId = UUID.randomUUID();
            for (DiskRecord d : declared) {
                d.file = files.get(d.label());
                disks.add(d);
            }
            checkCacheLabels();
            this.tiering = new Tiering(disks, geometry, cacheBudget(geometry));
            commit();
        } else {
            PoolCodec.Snapshot snap;
            try {
                snap = PoolCodec.decode(newest.payload());
            } catch (IOException | RuntimeException e) {
                throw new FabricException(ErrorCode.INTERNAL, "pool metadata of " + scaleUnit + " is unreadable: "
                        + e.getMessage(), e);
            }
            this.geometry = snap.geometry();
            this.rules = new PoolHealth(disks, this.geometry);
            this.impact = new PoolImpact(disks, this.geometry);
            this.poolId = snap.poolId();
            this.generation = newest.generation();
            wasClean = snap.clean();
            clean = wasClean;
            Set<String> known = new HashSet<>();
            for (DiskRecord d : snap.disks()) {
                known.add(d.label());
                d.file = files.get(d.label());
                disks.add(d);
            }
            for (DiskRecord d : declared) {
                if (!known.contains(d.label())) {
                    DiskRecord added = new DiskRecord(disks.size(), d.node, d.name, d.media, d.role, d.sizeBytes,
                            this.geometry.extentsOn(d.sizeBytes), DiskState.ONLINE, "");
                    added.file = files.get(d.label());
                    disks.add(added);
                }
            }
            for (VolumeRecord v : snap.volumes()) {
                volumes.put(v.name, v);
            }
            rebuildUsed();
            for (DiskRecord d : disks) {
                if (d.role == DiskRole.CAPACITY && d.state != DiskState.RETIRED && !d.used.isEmpty()
                        && !holdsThisPool(d)) {
                    d.state = DiskState.FAILED;
                    d.reason = d.file == null ? "disk file missing" : "disk holds no metadata of this pool (replaced or wiped)";
                }
            }
            checkCacheLabels();
            this.tiering = new Tiering(disks, this.geometry, cacheBudget(this.geometry));
            restoreCaches(snap.caches());
            cleanTiers();
            commit();
        }
        recomputeHealth();
        this.openedClean = wasClean;
        if (!wasClean) {
            for (VolumeRecord v : volumes.values()) {
                for (SlabRecord s : v.slabs) {
                    if (s != null && SlabRecord.any(s.pending)) {
                        s.suspect = s.pending.clone();
                    }
                }
            }
            reconcile();
        }
    }

    /**
     * After an unclean shutdown, writes may have been in flight: a mirror's copies or a stripe's
     * parity may disagree, or a block be torn. A scrub of every volume makes them agree again before
     * any failure could make a stale parity the source of a rebuild (the parity write hole).
     */
    private void reconcile() {
        List<ScrubReport> reports = new ArrayList<>();
        for (String name : new ArrayList<>(volumes.keySet())) {
            try {
                reports.add(scrub(name, Progress.NONE));
            } catch (FabricException e) {
                // an offline volume is reconciled by the scrub that follows its repair
            }
        }
        reconciled = reports.toArray(new ScrubReport[0]);
    }

    /** @return whether the pool was closed cleanly before this open */
    public boolean openedClean() {
        return openedClean;
    }

    /** @return what the scrub after an unclean shutdown found, one report per volume; empty after a clean one */
    public List<ScrubReport> reconciledAtOpen() {
        return List.of(reconciled);
    }

    /** Commits that writes may be in flight before the first one after a clean state. */
    void beginWrites() {
        if (clean) {
            synchronized (this) {
                if (clean) {
                    clean = false;
                    commit();
                }
            }
        }
    }

    /**
     * Labels each online cache drive without a label as this pool's; fails one labelled by another
     * pool (its blocks are not this pool's: the dirty blocks the metadata maps to it are lost).
     */
    private void checkCacheLabels() {
        for (DiskRecord d : disks) {
            if (d.role != DiskRole.CACHE || d.file == null || d.state != DiskState.ONLINE) {
                continue;
            }
            String foreign = cacheLabelProblem(d);
            if (foreign != null) {
                d.state = DiskState.FAILED;
                d.reason = foreign;
            }
        }
    }

    /** @return why a cache drive cannot serve this pool, or null (then it is labelled as this pool's) */
    private String cacheLabelProblem(DiskRecord d) {
        try {
            UUID owner = CacheHeader.read(d.file, d.sizeBytes);
            if (owner == null) {
                CacheHeader.write(d.file, d.sizeBytes, poolId);
                return null;
            }
            return owner.equals(poolId) ? null : "cache drive holds the cache of another pool (" + owner + ")";
        } catch (IOException e) {
            return "I/O error: " + e.getMessage();
        }
    }

    private boolean holdsThisPool(DiskRecord d) {
        if (d.file == null) {
            return false;
        }
        MetadataSlots.Slot s = MetadataSlots.readNewest(d.file, geometry.metadataSlotBytes());
        if (s == null || s.payload().length < 20) {
            return false;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(s.payload());
        b.getInt();
        return new UUID(b.getLong(), b.getLong()).equals(poolId);
    }

    /**
     * Recomputes the used extents of every disk: those of the volumes' slabs, of the slabs being
     * filled before they join a volume, and those freed but not yet committed as free.
     */
    private void rebuildUsed() {
        for (DiskRecord d : disks) {
            d.used.clear();
        }
        for (VolumeRecord v : volumes.values()) {
            for (SlabRecord s : v.slabs) {
                markUsed(s);
            }
        }
        for (SlabRecord s : detached) {
            markUsed(s);
        }
        for (long[] f : pendingFree) {
            disks.get((int) f[0]).used.set((int) f[1]);
        }
    }

    private void markUsed(SlabRecord s) {
        if (s != null) {
            for (int c = 0; c < s.disks.length; c++) {
                disks.get(s.disks[c]).used.set(s.extents[c]);
            }
        }
    }

    Geometry geometry() {
        return geometry;
    }

    DiskRecord disk(int index) {
        return disks.get(index);
    }

    // ---- metadata ----------------------------------------------------------------------------

    /** Writes the next generation of the metadata to every online disk. */
    synchronized void commit() {
        if (committing) {
            metaDirty = true;
            return;
        }
        committing = true;
        try {
            // Data first: metadata must never name a written region whose initial zeros are not yet
            // stable (a reused extent would show a former slab's bytes after a power loss). A writer
            // marks a region written under this lock only after zeroing it in the file, so forcing
            // here, under the lock, covers every region the payload below names.
            // The cache mappings are taken before the force: every block they name was written to
            // its cache drive before it was mapped, so the force covers it.
            List<BlockCache> caches = tiering.caches();
            BlockCache.Snapshot[] mapped = new BlockCache.Snapshot[caches.size()];
            for (int i = 0; i < mapped.length; i++) {
                mapped[i] = caches.get(i).snapshot();
            }
            List<DiskRecord> failed = new ArrayList<>();
            for (DiskRecord d : disks) {
                DiskFile f = d.file;
                if (f != null && d.state != DiskState.RETIRED) {
                    try {
                        f.force();
                    } catch (IOException e) {
                        failed.add(d);
                        takeQueuedFailures(d, f);
                    }
                }
            }
            List<PoolCodec.CacheMap> maps = new ArrayList<>();
            for (int i = 0; i < mapped.length; i++) {
                maps.add(new PoolCodec.CacheMap(caches.get(i).disk.index, mapped[i].keys(), mapped[i].slotsOfKeys(),
                        caches.get(i).counters()));
            }
            byte[] payload = PoolCodec.encode(poolId, geometry, clean, disks, volumes.values(), maps);
            long next = generation + 1;
            int written = 0;
            for (DiskRecord d : disks) {
                if (!d.online() || d.role != DiskRole.CAPACITY) {
                    continue;
                }
                try {
                    MetadataSlots.write(d.file, geometry.metadataSlotBytes(), next, payload);
                    written++;
                } catch (IOException e) {
                    if (e.getMessage() != null && e.getMessage().startsWith("pool metadata of")) {
                        throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, e.getMessage());
                    }
                    failed.add(d);
                }
            }
            for (int i = 0; i < mapped.length; i++) {
                caches.get(i).committed(mapped[i], written > 0);
            }
            if (written == 0) {
                throw new FabricException(ErrorCode.UNAVAILABLE, "pool " + scaleUnit
                        + ": no online disk took the metadata");
            }
            generation = next;
            metaDirty = false;
            for (long[] f : pendingFree) {
                disks.get((int) f[0]).used.clear((int) f[1]);
            }
            pendingFree.clear();
            for (DiskRecord d : failed) {
                if (d.state == DiskState.ONLINE) {
                    changeState(d, DiskState.FAILED, "I/O error writing metadata");
                }
            }
        } finally {
            committing = false;
        }
        if (metaDirty) {
            commit();
        }
    }

    /** @return the generation of the last committed metadata */
    public synchronized long generation() {
        return generation;
    }

    synchronized void markStale(SlabRecord s, int c, int region) {
        if (!SlabRecord.get(s.stale[c], region)) {
            SlabRecord.set(s.stale[c], region, true);
            commit();
        }
    }

    /**
     * Commits that a region of a slab may have checksums held in memory only (see
     * {@link DiskFile#writeCrcs}); called under the slab's lock before the first such write since
     * the region's last flush.
     */
    synchronized void markPending(SlabRecord s, int region) {
        if (!SlabRecord.get(s.pending, region)) {
            SlabRecord.set(s.pending, region, true);
            commit();
        }
    }

    synchronized void markWritten(SlabRecord s, int region) {
        SlabRecord.set(s.written, region, true);
        metaDirty = true;
    }

    synchronized void clearWritten(SlabRecord s, int region) {
        SlabRecord.set(s.written, region, false);
        metaDirty = true;
    }

    synchronized void clearStale(SlabRecord s, int c, int region) {
        SlabRecord.set(s.stale[c], region, false);
        metaDirty = true;
    }

    synchronized void freeSlab(VolumeRecord v, int index) {
        SlabRecord s = v.slabs[index];
        if (s == null) {
            return;
        }
        v.slabs[index] = null;
        metaDirty = true;
        if (--s.refs > 0) {
            return;
        }
        for (int c = 0; c < s.disks.length; c++) {
            pendingFree.add(new long[] {s.disks[c], s.extents[c]});
            tiering.dropExtent(s.disks[c], s.extents[c]);
        }
    }

    /**
     * Forces every disk (held checksum pages first), then commits the metadata if it changed. The
     * pending regions of a slab are cleared only when no column write reached the slab between
     * the look before the force and the look after it (both under the slab's lock, taken with
     * {@code tryLock}: a busy slab keeps its marks until a later flush).
     */
    void flush() {
        flush(false);
    }

    /** As {@link #flush()}; with {@code clearPending} the pending regions are cleared whatever the time. */
    void flush(boolean clearPending) {
        List<SlabRecord> pendingSlabs = new ArrayList<>();
        long[] seqs;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            boolean due = clearPending || !pendingClearedOnce || now - pendingClearedAt >= PENDING_CLEAR_NANOS;
            if (due) {
                pendingClearedAt = now;
                pendingClearedOnce = true;
            }
            for (VolumeRecord v : due ? volumes.values() : List.<VolumeRecord>of()) {
                for (SlabRecord s : v.slabs) {
                    if (s != null && SlabRecord.any(s.pending)) {
                        pendingSlabs.add(s);
                    }
                }
            }
            seqs = new long[pendingSlabs.size()];
            for (int i = 0; i < seqs.length; i++) {
                SlabRecord s = pendingSlabs.get(i);
                if (s.lock.tryLock()) {
                    try {
                        seqs[i] = s.crcSeq;
                    } finally {
                        s.lock.unlock();
                    }
                } else {
                    seqs[i] = -1;
                }
            }
        }
        for (DiskRecord d : disks) {
            DiskFile f = d.file;
            if (f != null && d.state != DiskState.RETIRED) {
                try {
                    f.force();
                } catch (IOException e) {
                    ioFailure(d, f, e);
                }
            }
        }
        synchronized (this) {
            for (int i = 0; i < seqs.length; i++) {
                SlabRecord s = pendingSlabs.get(i);
                if (seqs[i] >= 0 && s.lock.tryLock()) {
                    try {
                        if (s.crcSeq == seqs[i]) {
                            java.util.Arrays.fill(s.pending, 0);
                            metaDirty = true;
                        }
                    } finally {
                        s.lock.unlock();
                    }
                }
            }
            if (metaDirty || tiering.changed()) {
                commit();
            }
        }
    }

    void countRepaired(int blocks) {
        repairedOnRead.addAndGet(blocks);
    }

    /** @return blocks repaired by reads since the pool opened */
    public long repairedOnRead() {
        return repairedOnRead.get();
    }

    /**
     * An I/O error on a file of a disk: fails the disk, unless the disk no longer uses that file (a
     * late read or write to the old file of a replaced disk says nothing about the new one).
     */
    synchronized void ioFailure(DiskRecord d, DiskFile f, Exception e) {
        if (d.file == f) {
            ioFailure(d, e);
        }
        takeQueuedFailures(d, f);
    }

    /**
     * Takes the failed queued writes of a disk file (see {@link DiskFile#writeQueued}) and gives
     * each the effect a failed synchronous column write has: the disk fails and the column's region
     * goes stale. A region left without enough current columns lost acknowledged data: its volume's
     * next flush throws.
     */
    private synchronized void takeQueuedFailures(DiskRecord d, DiskFile f) {
        List<WriteQueue.Failure> failures = f.takeWriteFailures();
        if (failures.isEmpty() || d.file != f) {
            // none, or the old file of a replaced disk: every column of the disk is stale already
            return;
        }
        ioFailure(d, failures.get(0).error());
        for (WriteQueue.Failure x : failures) {
            SlabRecord s = x.slab();
            VolumeRecord v = x.volume();
            if (s == null || v == null) {
                continue;
            }
            markStale(s, x.column(), x.region());
            int needed = v.resiliency.isMirror() ? 1 : v.layout.dataColumns();
            int current = 0;
            for (int p = 0; p < s.disks.length; p++) {
                current += disks.get(s.disks[p]).online() && !SlabRecord.get(s.stale[p], x.region()) ? 1 : 0;
            }
            if (current < needed && !lostWrites.containsKey(v)) {
                lostWrites.put(v, "volume " + v.name + ": writes acknowledged before this flush are lost: a queued"
                        + " write to disk " + d.label() + " failed (" + x.error().getMessage() + ") and its region "
                        + x.region() + " has " + current + " current columns, " + needed + " needed");
            }
        }
        recomputeHealth();
    }

    /**
     * Throws when acknowledged writes of one of the volumes were lost since its last flush (a
     * queued write failed beyond the redundancy), as a failed fsync does; forgets the loss.
     *
     * @throws FabricException {@code INTERNAL} naming the volume, the disk and the failure
     */
    synchronized void requireNoLostWrites(VolumeRecord... records) {
        String lost = null;
        for (VolumeRecord v : records) {
            String m = lostWrites.remove(v);
            lost = lost == null ? m : lost;
        }
        if (lost != null) {
            throw new FabricException(ErrorCode.INTERNAL, lost);
        }
    }

    synchronized void ioFailure(DiskRecord d, Exception e) {
        if (d.state == DiskState.ONLINE) {
            changeState(d, DiskState.FAILED, "I/O error: " + e.getMessage());
        }
    }

    // ---- allocation --------------------------------------------------------------------------

    /** Allocates a slab's columns on distinct nodes, online disks with the most free extents first. */
    synchronized SlabRecord allocate(VolumeRecord v, int index) {
        if (v.slabs[index] != null) {
            return v.slabs[index];
        }
        SlabRecord s = newSlab(v, index);
        v.slabs[index] = s;
        return s;
    }

    /**
     * Allocates a slab's columns without giving it to the volume yet: until {@link #installCopy}
     * or {@link #releaseDetached} its extents stay used whatever recomputes the used extents.
     */
    synchronized SlabRecord allocateDetached(VolumeRecord v, int index) {
        SlabRecord s = newSlab(v, index);
        detached.add(s);
        return s;
    }

    private SlabRecord newSlab(VolumeRecord v, int index) {
        int n = v.layout.columns();
        List<DiskRecord> chosen = pickDisks(n, Set.of());
        if (chosen.size() < n) {
            throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, "volume " + v.name + ": no " + n
                    + " fault domains with free capacity for slab " + index);
        }
        SlabRecord s = new SlabRecord(n, geometry.regionsPerExtent());
        for (int c = 0; c < n; c++) {
            DiskRecord d = chosen.get(c);
            int e = d.used.nextClearBit(0);
            d.used.set(e);
            s.disks[c] = d.index;
            s.extents[c] = e;
        }
        metaDirty = true;
        return s;
    }

    /** Gives a volume its private copy of a shared slab. */
    synchronized void installCopy(VolumeRecord v, int index, SlabRecord shared, SlabRecord copy) {
        detached.remove(copy);
        v.slabs[index] = copy;
        metaDirty = true;
        if (--shared.refs == 0) {
            // no volume names the shared slab any more: its extents return (as freeSlab does)
            for (int c = 0; c < shared.disks.length; c++) {
                pendingFree.add(new long[] {shared.disks[c], shared.extents[c]});
                tiering.dropExtent(shared.disks[c], shared.extents[c]);
            }
        }
    }

    /** @return whether another volume shares this slab */
    boolean shared(SlabRecord s) {
        return s.refs > 1;
    }

    /** One disk per node, on nodes not excluded: online first, then most free extents. */
    private List<DiskRecord> pickDisks(int count, Set<String> excludedNodes) {
        Map<String, DiskRecord> best = new TreeMap<>();
        for (DiskRecord d : disks) {
            if (d.role != DiskRole.CAPACITY || d.state == DiskState.RETIRED || d.file == null
                    || d.freeExtents() <= 0 || excludedNodes.contains(d.node)) {
                continue;
            }
            DiskRecord b = best.get(d.node);
            if (b == null || better(d, b)) {
                best.put(d.node, d);
            }
        }
        List<DiskRecord> list = new ArrayList<>(best.values());
        list.sort((a, b) -> better(a, b) ? -1 : better(b, a) ? 1 : 0);
        return list.subList(0, Math.min(count, list.size()));
    }

    private static boolean better(DiskRecord a, DiskRecord b) {
        if (a.online() != b.online()) {
            return a.online();
        }
        return a.freeExtents() > b.freeExtents();
    }

    // ---- StoragePool -------------------------------------------------------------------------

    @Override
    public ScaleUnitId scaleUnit() {
        return scaleUnit;
    }

    @Override
    public synchronized List<DiskStatus> disks() {
        List<DiskStatus> list = new ArrayList<>();
        for (DiskRecord d : disks) {
            String path = d.file == null ? "" : d.file.path().toString();
            BlockCache cache = tiering.cacheOf(d.index);
            String reason = d.reason;
            long used = (long) d.used.cardinality() * geometry.extentStride();
            if (d.role == DiskRole.CACHE) {
                used = cache == null ? 0 : (long) cache.figures().used() * BlockCrc.BLOCK;
                if (reason.isEmpty()) {
                    List<String> to = new ArrayList<>();
                    for (DiskRecord b : cache == null ? List.<DiskRecord>of() : tiering.boundTo(cache)) {
                        to.add(b.name);
                    }
                    reason = to.isEmpty() ? "cache drive bound to no capacity drive" : "cache for " + String.join(", ", to);
                }
            }
            list.add(new DiskStatus(d.node, d.name, d.media, d.role, path, d.sizeBytes, used, d.state, reason));
        }
        return list;
    }

    @Override
    public synchronized int faultDomains() {
        Set<String> nodes = new HashSet<>();
        for (DiskRecord d : disks) {
            if (d.role == DiskRole.CAPACITY && d.state != DiskState.RETIRED && d.extents > 0) {
                nodes.add(d.node);
            }
        }
        return nodes.size();
    }

    @Override
    public synchronized VolumeStatus createVolume(VolumeSpec spec) {
        if (volumes.containsKey(spec.name())) {
            throw new FabricException(ErrorCode.ALREADY_EXISTS, "volume '" + spec.name() + "' already exists in pool "
                    + scaleUnit);
        }
        if (spec.resiliency() == fabric.api.storage.Resiliency.MIRROR_ACCELERATED_PARITY) {
            return createMap(spec);
        }
        Layout layout = spec.resiliency().layoutFor(faultDomains());
        long slabBytes = (long) layout.dataColumns() * geometry.extentBytes();
        long slabs = (spec.sizeBytes() + slabBytes - 1) / slabBytes;
        if (slabs > Integer.MAX_VALUE) {
            throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, "volume '" + spec.name() + "' is too large");
        }
        reserve(spec.name(), slabs * layout.columns());
        VolumeRecord v = new VolumeRecord(spec.name(), spec.resiliency(), layout, spec.sizeBytes(), (int) slabs);
        v.rotated = !spec.resiliency().isMirror();
        volumes.put(v.name, v);
        try {
            commit();
        } catch (RuntimeException e) {
            volumes.remove(v.name);
            throw e;
        }
        record(VolumeCreated.TYPE, new VolumeCreated(scaleUnit.value(), v.name, v.resiliency, layout.toString(),
                v.sizeBytes));
        recomputeHealth();
        return rules.status(v);
    }

    /**
     * Volumes are fully provisioned: the extents of every slab of every volume (clones included,
     * which need them once written) must fit the pool's capacity disks.
     */
    private void reserve(String name, long needed) {
        long reserved = 0;
        for (VolumeRecord v : volumes.values()) {
            reserved += (long) v.slabs.length * v.layout.columns();
        }
        long total = 0;
        for (DiskRecord d : disks) {
            if (d.role == DiskRole.CAPACITY && d.state != DiskState.RETIRED) {
                total += d.extents;
            }
        }
        if (reserved + needed > total) {
            throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, "volume '" + name + "' needs "
                    + needed + " extents, the pool has " + (total - reserved) + " unreserved");
        }
    }

    /** Gives back the extents of a slab that was never installed. */
    synchronized void releaseDetached(SlabRecord s) {
        detached.remove(s);
        for (int c = 0; c < s.disks.length; c++) {
            pendingFree.add(new long[] {s.disks[c], s.extents[c]});
            tiering.dropExtent(s.disks[c], s.extents[c]);
        }
        metaDirty = true;
    }

    @Override
    public VolumeStatus cloneVolume(String source, String name) {
        PoolVolume device;
        VolumeRecord src;
        synchronized (this) {
            src = find(source);
            refuseMap(src);
            if (volumes.containsKey(name)) {
                throw new FabricException(ErrorCode.ALREADY_EXISTS, "volume '" + name + "' already exists in pool "
                        + scaleUnit);
            }
            fabric.api.core.Names.require("volume.name", name);
            reserve(name, (long) src.slabs.length * src.layout.columns());
            device = (PoolVolume) open(source);
        }
        device.lockAll();
        try {
            synchronized (this) {
                if (volumes.containsKey(name) || src.deleted) {
                    throw new FabricException(ErrorCode.FAILED_PRECONDITION, "volume '" + source + "' or '" + name
                            + "' changed during the clone");
                }
                VolumeRecord v = new VolumeRecord(name, src.resiliency, src.layout, src.sizeBytes, src.slabs.length);
                v.rotated = src.rotated;
                for (int i = 0; i < src.slabs.length; i++) {
                    SlabRecord s = src.slabs[i];
                    if (s != null) {
                        s.refs++;
                        v.slabs[i] = s;
                    }
                }
                volumes.put(name, v);
                try {
                    commit();
                } catch (RuntimeException e) {
                    volumes.remove(name);
                    for (SlabRecord s : v.slabs) {
                        if (s != null) {
                            s.refs--;
                        }
                    }
                    throw e;
                }
                record(VolumeCreated.TYPE, new VolumeCreated(scaleUnit.value(), name, v.resiliency, v.layout.toString(),
                        v.sizeBytes));
                recomputeHealth();
                return rules.status(v);
            }
        } finally {
            device.unlockAll();
        }
    }

    @Override
    public void cloneRange(String source, long sourceOffset, String target, long targetOffset, long length) {
        PoolVolume from;
        PoolVolume to;
        synchronized (this) {
            refuseMap(find(source));
            refuseMap(find(target));
            from = (PoolVolume) open(source);
            to = (PoolVolume) open(target);
        }
        if (sourceOffset < 0 || length < 0 || sourceOffset > from.size() - length || targetOffset < 0
                || targetOffset > to.size() - length) {
            throw FabricException.invalid("range", "clone of " + length + " bytes from " + source + "@" + sourceOffset
                    + " to " + target + "@" + targetOffset + " lies outside a volume");
        }
        if (from == to && sourceOffset < targetOffset + length && targetOffset < sourceOffset + length) {
            throw FabricException.invalid("range", "the source and target ranges of " + source + " overlap");
        }
        cloneLock.lock();
        try {
            VolumeRecord fv = from.record();
            VolumeRecord tv = to.record();
            long slab = from.engine().slabBytes();
            boolean sameShape = fv.layout.equals(tv.layout) && fv.resiliency == tv.resiliency && fv.rotated == tv.rotated;
            byte[] buf = new byte[1 << 20];
            long done = 0;
            while (done < length) {
                long src = sourceOffset + done;
                long dst = targetOffset + done;
                long left = length - done;
                if (sameShape && src % slab == 0 && dst % slab == 0 && left >= slab) {
                    shareSlab(from, (int) (src / slab), to, (int) (dst / slab));
                    done += slab;
                    continue;
                }
                long stop = sameShape && src % slab == dst % slab ? Math.min(left, slab - src % slab) : left;
                int step = (int) Math.min(stop, buf.length);
                from.read(src, ByteBuffer.wrap(buf, 0, step));
                to.write(dst, ByteBuffer.wrap(buf, 0, step), false);
                done += step;
            }
        } finally {
            cloneLock.unlock();
        }
    }

    /** Makes target slab {@code j} the source's slab {@code i}, shared copy on write. */
    private void shareSlab(PoolVolume from, int i, PoolVolume to, int j) {
        from.lock(i);
        try {
            to.lock(j);
            try {
                synchronized (this) {
                    VolumeRecord fv = from.record();
                    VolumeRecord tv = to.record();
                    if (fv.deleted || tv.deleted) {
                        throw new FabricException(ErrorCode.UNAVAILABLE, "a volume of the clone was deleted");
                    }
                    SlabRecord s = fv.slabs[i];
                    if (tv.slabs[j] == s) {
                        return;
                    }
                    freeSlab(tv, j);
                    if (s != null) {
                        s.refs++;
                        tv.slabs[j] = s;
                    }
                    beginWrites();
                    metaDirty = true;
                    recomputeHealth();
                }
            } finally {
                to.unlock(j);
            }
        } finally {
            from.unlock(i);
        }
    }

    private static void refuseMap(VolumeRecord v) {
        if (v.mirrorSlot != null) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "volume " + v.name
                    + " is mirror-accelerated parity: block cloning is not supported for it");
        }
    }

    @Override
    public synchronized List<VolumeStatus> volumes() {
        List<VolumeStatus> list = new ArrayList<>();
        for (VolumeRecord v : volumes.values()) {
            if (v.tierOf == null) {
                list.add(status(v));
            }
        }
        return list;
    }

    @Override
    public synchronized VolumeStatus volume(String name) {
        return status(find(name));
    }

    private VolumeStatus status(VolumeRecord v) {
        if (v.mirrorSlot == null) {
            return rules.status(v);
        }
        VolumeRecord mr = volumes.get(v.name + MIRROR_TIER);
        VolumeRecord pr = volumes.get(v.name + PARITY_TIER);
        long[] mf = rules.figures(mr);
        long[] pf = rules.figures(pr);
        long inMirror = 0;
        for (int slot : v.mirrorSlot) {
            inMirror += slot >= 0 ? 1 : 0;
        }
        long inParity = pf[0];
        double parityCost = (double) v.layout.columns() / v.layout.dataColumns();
        long slots = mr.slabs.length / v.layout.dataColumns();
        double efficiency = inMirror + inParity == 0
                ? v.mirrorSlot.length / (slots * 3.0 + (v.mirrorSlot.length - slots) * parityCost)
                : (inMirror + inParity) / (inMirror * 3.0 + inParity * parityCost);
        VolumeRecord worst = mr.health.compareTo(pr.health) >= 0 ? mr : pr;
        String reason = worst.reason.isEmpty() ? "" : (worst == mr ? "mirror tier: " : "parity tier: ") + worst.reason;
        return new VolumeStatus(v.name, v.resiliency, v.layout, v.sizeBytes, (long) v.layout.dataColumns()
                * geometry.extentBytes(), inMirror + inParity, mf[1] + pf[1], mf[2] + pf[2], worst.health, reason,
                Math.min(1, efficiency));
    }

    // ---- mirror-accelerated parity -----------------------------------------------------------

    /** @return how many units the mirror tier of a mirror-accelerated parity volume holds */
    synchronized int mirrorSlots(VolumeRecord v) {
        return volumes.get(v.name + MIRROR_TIER).slabs.length / v.layout.dataColumns();
    }

    /** @return a free mirror slot, now taken, or -1 */
    synchronized int takeMirrorSlot(VolumeRecord v) {
        int slot = v.slotsTaken.nextClearBit(0);
        if (slot >= mirrorSlots(v)) {
            return -1;
        }
        v.slotsTaken.set(slot);
        return slot;
    }

    synchronized void releaseMirrorSlot(VolumeRecord v, int slot) {
        v.slotsTaken.clear(slot);
    }

    /** Commits where unit {@code i} now lives (the commit forces the data copied there first). */
    synchronized void placeUnit(VolumeRecord v, int i, int slot) {
        v.mirrorSlot[i] = slot;
        beginWrites();
        commit();
    }

    /** Frees what a crash left behind in a tier: mirror slots no unit names, parity units that moved to mirror. */
    private void cleanTiers() {
        for (VolumeRecord v : volumes.values()) {
            if (v.mirrorSlot == null) {
                continue;
            }
            v.slotsTaken = new java.util.BitSet();
            VolumeRecord mr = volumes.get(v.name + MIRROR_TIER);
            VolumeRecord pr = volumes.get(v.name + PARITY_TIER);
            int k = v.layout.dataColumns();
            for (int i = 0; i < v.mirrorSlot.length; i++) {
                if (v.mirrorSlot[i] >= 0) {
                    v.slotsTaken.set(v.mirrorSlot[i]);
                    freeSlab(pr, i);
                }
            }
            for (int j = 0; j < mr.slabs.length; j++) {
                if (!v.slotsTaken.get(j / k)) {
                    freeSlab(mr, j);
                }
            }
        }
    }

    private VolumeStatus createMap(VolumeSpec spec) {
        int fd = faultDomains();
        Layout layout = spec.resiliency().layoutFor(fd);
        Layout mirrorLayout = fabric.api.storage.Resiliency.THREE_WAY_MIRROR.layoutFor(fd);
        int k = layout.dataColumns();
        long unit = (long) k * geometry.extentBytes();
        long units = (spec.sizeBytes() + unit - 1) / unit;
        long slots = Math.max(1, (units + 4) / 5);
        if (units * k > Integer.MAX_VALUE) {
            throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, "volume '" + spec.name() + "' is too large");
        }
        reserve(spec.name(), units * layout.columns() + slots * k * mirrorLayout.columns());
        VolumeRecord m = new VolumeRecord(spec.name() + MIRROR_TIER, fabric.api.storage.Resiliency.THREE_WAY_MIRROR,
                mirrorLayout, slots * unit, (int) (slots * k));
        m.tierOf = spec.name();
        VolumeRecord p = new VolumeRecord(spec.name() + PARITY_TIER, fabric.api.storage.Resiliency.DUAL_PARITY, layout,
                units * unit, (int) units);
        p.tierOf = spec.name();
        p.rotated = true;
        VolumeRecord v = new VolumeRecord(spec.name(), spec.resiliency(), layout, spec.sizeBytes(), 0);
        v.mirrorSlot = new int[(int) units];
        java.util.Arrays.fill(v.mirrorSlot, -1);
        v.slotsTaken = new java.util.BitSet();
        volumes.put(m.name, m);
        volumes.put(p.name, p);
        volumes.put(v.name, v);
        try {
            commit();
        } catch (RuntimeException e) {
            volumes.remove(m.name);
            volumes.remove(p.name);
            volumes.remove(v.name);
            throw e;
        }
        record(VolumeCreated.TYPE, new VolumeCreated(scaleUnit.value(), v.name, v.resiliency, layout.toString(),
                v.sizeBytes));
        recomputeHealth();
        return status(v);
    }

    @Override
    public synchronized BlockDevice open(String name) {
        VolumeRecord v = find(name);
        if (v.mirrorSlot != null) {
            return mapDevices.computeIfAbsent(name, x -> new MapVolume(this, v, device(name + MIRROR_TIER),
                    device(name + PARITY_TIER)));
        }
        return device(name);
    }

    /** @return the device of a volume or of a hidden tier */
    synchronized PoolVolume device(String name) {
        VolumeRecord v = volumes.get(name);
        if (v == null || v.mirrorSlot != null) {
            throw FabricException.notFound("volume", name);
        }
        return devices.computeIfAbsent(name, x -> new PoolVolume(this, v, new SlabEngine(this, v, geometry)));
    }

    @Override
    public void deleteVolume(String name) {
        BlockDevice opened;
        synchronized (this) {
            opened = open(name);
        }
        if (opened instanceof MapVolume map) {
            map.lockAll();
            try {
                deleteDevice(map.mirrorTier());
                deleteDevice(map.parityTier());
                synchronized (this) {
                    map.record().deleted = true;
                    volumes.remove(name);
                    mapDevices.remove(name);
                    commit();
                }
            } finally {
                map.unlockAll();
            }
        } else {
            deleteDevice((PoolVolume) opened);
        }
        record(VolumeDeleted.TYPE, new VolumeDeleted(scaleUnit.value(), name));
    }

    private void deleteDevice(PoolVolume device) {
        VolumeRecord v = device.record();
        String name = v.name;
        device.lockAll();
        try {
            synchronized (this) {
                v.deleted = true;
                for (int i = 0; i < v.slabs.length; i++) {
                    freeSlab(v, i);
                }
                volumes.remove(name);
                devices.remove(name);
                commit();
            }
        } finally {
            device.unlockAll();
        }
    }

    private VolumeRecord find(String name) {
        VolumeRecord v = volumes.get(name);
        if (v == null || v.tierOf != null) {
            throw FabricException.notFound("volume", name);
        }
        return v;
    }

    private DiskRecord findDisk(NodeId node, String disk) {
        return findDisk(node, disk, false);
    }

    private DiskRecord findDisk(NodeId node, String disk, boolean cacheToo) {
        for (DiskRecord d : disks) {
            if (d.node.equals(node.value()) && d.name.equals(disk)) {
                if (d.role != DiskRole.CAPACITY && !(cacheToo && tiering.cacheOf(d.index) != null)) {
                    throw new FabricException(ErrorCode.FAILED_PRECONDITION, "disk " + d.label()
                            + " is a cache drive and holds no slabs");
                }
                return d;
            }
        }
        throw FabricException.notFound("disk", node.value() + "/" + disk);
    }

    @Override
    public synchronized void failDisk(NodeId node, String disk, String reason) {
        DiskRecord d = findDisk(node, disk, true);
        if (d.state != DiskState.ONLINE) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "disk " + d.label() + " is " + d.state
                    + ", not ONLINE");
        }
        changeState(d, DiskState.FAILED, reason == null || reason.isBlank() ? "failed by operator" : reason);
    }

    @Override
    public synchronized void returnDisk(NodeId node, String disk) {
        DiskRecord d = findDisk(node, disk, true);
        if (d.state != DiskState.FAILED) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "disk " + d.label() + " is " + d.state
                    + ", not FAILED");
        }
        if (d.file == null) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "disk " + d.label()
                    + " has no file; replace it instead");
        }
        if (d.role == DiskRole.CACHE) {
            String problem = cacheLabelProblem(d);
            if (problem != null) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "disk " + d.label() + ": " + problem
                        + "; replace it instead");
            }
        }
        changeState(d, DiskState.ONLINE, "");
    }

    @Override
    public synchronized void retireDisk(NodeId node, String disk) {
        DiskRecord d = findDisk(node, disk);
        if (d.state == DiskState.RETIRED) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "disk " + d.label() + " is already RETIRED");
        }
        // its cached blocks stay until repair moves each column away: a read that found the disk
        // online an instant ago may still be reading them
        changeState(d, DiskState.RETIRED, "permanently lost; columns rebuilt elsewhere by repair");
    }

    @Override
    public synchronized void replaceDisk(NodeId node, String disk) {
        DiskRecord d = findDisk(node, disk, true);
        if (d.state == DiskState.ONLINE || d.state == DiskState.MAINTENANCE) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "disk " + d.label() + " is " + d.state
                    + "; fail or retire it before replacing it");
        }
        Path path = d.file != null ? d.file.path() : null;
        try {
            if (d.file != null) {
                d.file.close();
            }
            if (path != null) {
                Files.deleteIfExists(path);
                d.file = DiskFile.open(path, d.sizeBytes, durable, d.role == DiskRole.CAPACITY ? writeQueueBytes : 0);
            }
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot replace disk " + d.label() + ": " + e.getMessage(), e);
        }
        if (d.file == null) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "disk " + d.label() + " has no file to replace");
        }
        if (d.role != DiskRole.CAPACITY) {
            try {
                CacheHeader.write(d.file, d.sizeBytes, poolId);
            } catch (IOException e) {
                throw new FabricException(ErrorCode.INTERNAL, "cannot label cache drive " + d.label() + ": "
                        + e.getMessage(), e);
            }
            changeState(d, DiskState.ONLINE, "");
            return;
        }
        tiering.dropDisk(d.index);
        // the copies being filled too: a column written on the old disk holds nothing on the new one
        List<SlabRecord> slabs = new ArrayList<>(detached);
        for (VolumeRecord v : volumes.values()) {
            slabs.addAll(java.util.Arrays.asList(v.slabs));
        }
        for (SlabRecord s : slabs) {
            if (s == null) {
                continue;
            }
            for (int c = 0; c < s.disks.length; c++) {
                if (s.disks[c] == d.index) {
                    for (int r = 0; r < geometry.regionsPerExtent(); r++) {
                        SlabRecord.set(s.stale[c], r, true);
                    }
                }
            }
        }
        rebuildUsed();
        changeState(d, DiskState.ONLINE, "");
    }

    @Override
    public synchronized void maintenance(NodeId node, boolean on) {
        List<DiskRecord> nodeDisks = new ArrayList<>();
        for (DiskRecord d : disks) {
            if (d.node.equals(node.value()) && d.role == DiskRole.CAPACITY) {
                nodeDisks.add(d);
            }
        }
        if (nodeDisks.isEmpty()) {
            throw FabricException.notFound("node with capacity disks", node.value());
        }
        if (on) {
            Set<Integer> away = new HashSet<>();
            for (DiskRecord d : nodeDisks) {
                away.add(d.index);
            }
            String blocked = rules.wouldGoOffline(volumes.values(), away);
            if (blocked != null) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "node " + node.value()
                        + " cannot enter storage maintenance: " + blocked);
            }
            for (DiskRecord d : nodeDisks) {
                if (d.state == DiskState.ONLINE) {
                    changeState(d, DiskState.MAINTENANCE, "node in storage maintenance");
                }
            }
        } else {
            for (DiskRecord d : nodeDisks) {
                if (d.state == DiskState.MAINTENANCE) {
                    changeState(d, DiskState.ONLINE, "");
                }
            }
        }
    }

    private void changeState(DiskRecord d, DiskState to, String reason) {
        DiskState from = d.state;
        d.state = to;
        d.reason = reason;
        BlockCache cache = tiering.cacheOf(d.index);
        if (cache != null) {
            if (to != DiskState.ONLINE) {
                loseCache(cache);
            }
            tiering.rebind();
        }
        commit();
        record(DiskStateChanged.TYPE, new DiskStateChanged(scaleUnit.value(), d.node, d.name, from, to, reason));
        recomputeHealth();
    }

    // ---- scrub and repair --------------------------------------------------------------------

    @Override
    public ScrubReport scrub(String name, Progress progress) {
        BlockDevice opened = open(name);
        beginWrites();
        SlabEngine.ScrubCounts counts;
        if (opened instanceof MapVolume map) {
            counts = new SlabWalker(this).scrub(map.mirrorTier(), progress);
            SlabEngine.ScrubCounts p = new SlabWalker(this).scrub(map.parityTier(), progress);
            counts.checked += p.checked;
            counts.corrupt += p.corrupt;
            counts.repaired += p.repaired;
            counts.unrepairable += p.unrepairable;
            counts.parityFixed += p.parityFixed;
        } else {
            counts = new SlabWalker(this).scrub((PoolVolume) opened, progress);
        }
        flush();
        record(ScrubCompleted.TYPE, new ScrubCompleted(scaleUnit.value(), name, counts.checked, counts.corrupt,
                counts.repaired, counts.unrepairable));
        return new ScrubReport(name, counts.checked, counts.corrupt, counts.repaired, counts.unrepairable,
                counts.parityFixed);
    }

    @Override
    public RepairReport repair(String name, Progress progress) {
        BlockDevice opened = open(name);
        beginWrites();
        repairing = true;
        recomputeHealth();
        SlabWalker.RepairCounts counts;
        try {
            if (opened instanceof MapVolume map) {
                counts = new SlabWalker(this).repair(map.mirrorTier(), progress);
                SlabWalker.RepairCounts p = new SlabWalker(this).repair(map.parityTier(), progress);
                counts.resynced += p.resynced;
                counts.rebuilt += p.rebuilt;
                counts.bytes += p.bytes;
                counts.left += p.left;
                counts.nanos += p.nanos;
            } else {
                counts = new SlabWalker(this).repair((PoolVolume) opened, progress);
            }
            flush();
        } finally {
            repairing = false;
            recomputeHealth();
        }
        if (counts.bytes > 0 && counts.nanos > 0) {
            measuredResync(counts.bytes, counts.nanos);
        }
        record(RepairCompleted.TYPE, new RepairCompleted(scaleUnit.value(), name, counts.resynced, counts.rebuilt,
                counts.left));
        return new RepairReport(name, counts.resynced, counts.rebuilt, counts.bytes, counts.left);
    }

    /** Moves a column of a retired disk to a disk on a node no other column of the slab uses. */
    synchronized boolean relocate(SlabRecord s, int c) {
        Set<String> used = new HashSet<>();
        for (int o = 0; o < s.disks.length; o++) {
            if (o != c) {
                used.add(disks.get(s.disks[o]).node);
            }
        }
        List<DiskRecord> target = pickDisks(1, used);
        if (target.isEmpty() || !target.get(0).online()) {
            return false;
        }
        DiskRecord d = target.get(0);
        int e = d.used.nextClearBit(0);
        d.used.set(e);
        tiering.dropExtent(s.disks[c], s.extents[c]);
        s.disks[c] = d.index;
        s.extents[c] = e;
        for (int r = 0; r < geometry.regionsPerExtent(); r++) {
            SlabRecord.set(s.stale[c], r, true);
        }
        commit();
        return true;
    }

    // ---- maintenance impact and resync rate ---------------------------------------------------

    /** @return the time source of meters and repair timing */
    long nanoTime() {
        return nanoTime.getAsLong();
    }

    /** Counts a volume write of {@code columnBytes} (logical bytes times columns / data columns). */
    void countWrite(long columnBytes) {
        columnWrites.record(columnBytes);
    }

    /** Folds a repair's rebuild bytes and time into the smoothed resync rate (each repair halves the weight of the ones before). */
    synchronized void measuredResync(long bytes, long nanos) {
        resyncBytes = resyncBytes / 2 + bytes;
        resyncNanos = resyncNanos / 2 + nanos;
    }

    @Override
    public synchronized ResyncStatus resync() {
        boolean measured = resyncNanos > 0;
        long rate = measured ? Math.max(1, (long) (resyncBytes * 1e9 / resyncNanos)) : assumedResyncRate;
        long pending = impact.pendingBytes(volumes.values());
        return new ResyncStatus(pending, rate, measured, ResyncStatus.duration(pending, rate));
    }

    @Override
    public synchronized MaintenanceImpact maintenanceImpact(NodeId node) {
        Set<Integer> away = new HashSet<>();
        for (DiskRecord d : disks) {
            if (d.node.equals(node.value()) && d.role == DiskRole.CAPACITY) {
                away.add(d.index);
            }
        }
        if (away.isEmpty()) {
            throw FabricException.notFound("node with capacity disks in pool " + scaleUnit, node.value());
        }
        return impact.impact(node, away, volumes.values(), columnWrites.bytesPerSecond(), resync());
    }

    // ---- cache tier ----------------------------------------------------------------------------

    /** Cache entries the metadata may hold: a quarter of a metadata slot, 12 bytes each. */
    private static int cacheBudget(Geometry g) {
        return g.metadataSlotBytes() / 4 / 12;
    }

    /** @return the cache a capacity drive is bound to, or null */
    BlockCache cacheFor(int diskIndex) {
        return tiering.cacheFor(diskIndex);
    }

    Tiering tiering() {
        return tiering;
    }

    /** A cache drive failed while in use: it is failed, and its dirty blocks are lost for its node. */
    synchronized void cacheFailure(BlockCache cache, Exception e) {
        if (cache.disk.state == DiskState.ONLINE) {
            changeState(cache.disk, DiskState.FAILED, "I/O error: " + e.getMessage());
        }
    }

    /**
     * Empties a cache whose drive left: the regions of its dirty blocks go stale on their columns
     * (resynced from the other columns, as for any missed write).
     */
    private void loseCache(BlockCache cache) {
        long[] lost = cache.fail();
        if (lost.length == 0) {
            return;
        }
        markLost(cache, lost);
    }

    private void markLost(BlockCache cache, long[] keys) {
        Map<Long, Object[]> columns = new java.util.HashMap<>();
        List<SlabRecord> slabs = new ArrayList<>(detached);
        for (VolumeRecord v : volumes.values()) {
            for (SlabRecord s : v.slabs) {
                if (s != null) {
                    slabs.add(s);
                }
            }
        }
        for (SlabRecord s : slabs) {
            for (int c = 0; c < s.disks.length; c++) {
                columns.put((long) s.disks[c] << 32 | s.extents[c], new Object[] {s, c});
            }
        }
        int blocksPerRegion = geometry.regionBytes() / BlockCrc.BLOCK;
        for (long k : keys) {
            Object[] col = columns.get((long) cache.diskIndex(k) << 32 | cache.extent(k));
            if (col != null) {
                SlabRecord s = (SlabRecord) col[0];
                int c = (Integer) col[1];
                SlabRecord.set(s.stale[c], cache.block(k) / blocksPerRegion, true);
            }
        }
        metaDirty = true;
    }

    /** Restores the dirty blocks of the caches from the metadata; those of a cache drive not there are lost. */
    private void restoreCaches(List<PoolCodec.CacheMap> maps) {
        for (PoolCodec.CacheMap m : maps) {
            BlockCache cache = tiering.cacheOf(m.diskIndex());
            if (cache != null) {
                cache.restoreCounters(m.counters());
            }
            if (cache != null && cache.disk.state == DiskState.ONLINE) {
                for (int i = 0; i < m.keys().length; i++) {
                    cache.restore(m.keys()[i], m.slots()[i]);
                }
            } else if (cache != null) {
                markLost(cache, m.keys());
            } else {
                DiskRecord d = disks.get(m.diskIndex());
                BlockCache gone = new BlockCache(d, 0, geometry, disks::get);
                markLost(gone, m.keys());
                if (d.state == DiskState.ONLINE) {
                    d.state = DiskState.FAILED;
                    d.reason = "cache drive file missing";
                }
            }
        }
    }

    /** Sets the tier policy (destage rate, watermarks, heat). */
    void tierPolicy(Tiering.Policy policy) {
        tiering.policy(policy);
    }

    /**
     * One round of the tier's background work: decays heat, destages by the watermarks, copies hot
     * slabs into the cache and sends cold ones back, and commits the caches' mappings when slots
     * wait for release.
     *
     * @return blocks destaged
     */
    int tierTick() {
        long now = nanoTime();
        List<VolumeRecord> list;
        synchronized (this) {
            double seconds = lastDecay == 0 ? 0 : Math.max(0, now - lastDecay) / 1e9;
            lastDecay = now;
            tiering.decay(volumes.values(), seconds);
            list = new ArrayList<>(volumes.values());
        }
        BlockCache.Destaged d = tiering.destageTick(now);
        failCapacity(d);
        for (VolumeRecord v : list) {
            if (!v.deleted && v.mirrorSlot == null) {
                new SlabWalker(this).tier(device(v.name), tiering.policy());
            }
        }
        for (VolumeRecord v : list) {
            if (!v.deleted && v.mirrorSlot != null) {
                Tiering.Policy p = tiering.policy();
                ((MapVolume) open(v.name)).rotate(p.highWatermark(), p.lowWatermark(), p.coldHeat());
            }
        }
        synchronized (this) {
            if (tiering.changed()) {
                commit();
            }
        }
        return d.blocks;
    }

    /**
     * Destages every dirty block of every cache whose capacity drive is online.
     *
     * @return blocks destaged
     */
    int destageAll() {
        int total = 0;
        for (BlockCache c : tiering.caches()) {
            BlockCache.Destaged d = c.destage(Integer.MAX_VALUE, null);
            failCapacity(d);
            total += d.blocks;
        }
        flush();
        return total;
    }

    void failCapacity(BlockCache.Destaged d) {
        for (int i = d.failed.nextSetBit(0); i >= 0; i = d.failed.nextSetBit(i + 1)) {
            ioFailure(disks.get(i), new IOException("write failed while destaging"));
        }
    }

    @Override
    public synchronized List<CacheStatus> caches() {
        List<CacheStatus> list = new ArrayList<>();
        for (BlockCache c : tiering.caches()) {
            BlockCache.Figures f = c.figures();
            List<String> to = new ArrayList<>();
            for (DiskRecord d : tiering.boundTo(c)) {
                to.add(d.name);
            }
            long b = BlockCrc.BLOCK;
            list.add(new CacheStatus(c.disk.node, c.disk.name, c.disk.media, to, f.slots() * b, f.used() * b,
                    f.dirty() * b, f.hits() * b, f.misses() * b, f.destaged() * b, f.promoted() * b,
                    f.writeThrough() * b, hotSlabs(), c.disk.state));
        }
        return list;
    }

    private long hotSlabs() {
        Set<SlabRecord> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (VolumeRecord v : volumes.values()) {
            for (SlabRecord s : v.slabs) {
                if (s != null && s.hot) {
                    seen.add(s);
                }
            }
        }
        return seen.size();
    }

    // ---- health ------------------------------------------------------------------------------

    synchronized void recomputeHealth() {
        for (VolumeRecord v : volumes.values()) {
            rules.update(v, repairing);
        }
    }

    private <E extends Record> void record(EventType<E> type, E event) {
        if (journal != null) {
            journal.append(type, event);
        }
    }

    @Override
    public synchronized void close() {
        try {
            flush(true);
        } catch (FabricException e) {
            // no disk took the metadata: the next open finds the pool unclean and reconciles
        }
        clean = true;
        try {
            commit();
        } catch (FabricException e) {
            // no disk took it: the next open reconciles
        }
        for (DiskRecord d : disks) {
            if (d.file != null) {
                try {
                    d.file.close();
                } catch (IOException e) {
                    // closing: nothing left to do with this disk
                }
            }
        }
    }
}
