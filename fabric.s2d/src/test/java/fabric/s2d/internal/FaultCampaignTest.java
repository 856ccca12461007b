package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.storage.BlockDevice;
import fabric.api.storage.DiskState;
import fabric.api.storage.DiskStatus;
import fabric.api.storage.Progress;
import fabric.api.storage.RepairReport;
import fabric.api.storage.Resiliency;
import fabric.api.storage.ScrubReport;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeSpec;
import fabric.api.topology.DiskRole;
import fabric.api.topology.NodeSpec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A seeded fault campaign per resiliency: random writes, reads, trims and flushes checked against
 * an in-memory model, with disk and node failures within tolerance, returns with resync, bit flips
 * in the disk files, scrubs, retired disks rebuilt elsewhere, clones (copy on write) and pool
 * reopens. Nothing is forced to stable storage here (the crash test covers durability), which
 * keeps ten thousand steps per resiliency fast. The failing seed is
 * printed; replay with {@code -Dfabric.s2d.seed=<seed> -Dfabric.s2d.steps=<n>}.
 */
class FaultCampaignTest {

    private static final long DISK = 8L << 20;
    private static final int VOLUME = 1 << 20;
    private static final int NODES = 6;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Resiliency.class)
    void campaign(Resiliency resiliency) {
        run(resiliency, true, 0x5EED0000L + resiliency.ordinal());
    }

    /**
     * Without cache drives every write goes to the capacity drives, whose checksum pages are held
     * in memory until a flush: the same campaign on that path.
     */
    @ParameterizedTest
    @EnumSource(Resiliency.class)
    void campaignWithoutCacheDrives(Resiliency resiliency) {
        run(resiliency, false, 0x5EED0100L + resiliency.ordinal());
    }

    private void run(Resiliency resiliency, boolean cache, long defaultSeed) {
        long seed = Long.getLong("fabric.s2d.seed", defaultSeed);
        int steps = Integer.getInteger("fabric.s2d.steps", 10_000);
        Campaign c = new Campaign(resiliency, seed, cache);
        try {
            c.run(steps);
        } catch (Throwable t) {
            throw new AssertionError("fault campaign " + resiliency + (cache ? "" : " without cache drives")
                    + " failed at step " + c.step + " after " + c.lastOp + "; replay with -Dfabric.s2d.seed=" + seed, t);
        }
        assertTrue(c.counts[1] > steps / 5 && c.counts[4] > 0 && c.counts[7] > 0 && c.counts[9] > 0 && c.counts[12] > 0
                && c.counts[13] > 0 && c.counts[14] > 0 && c.counts[15] > 0
                && (!cache || c.counts[16] > 0 && c.counts[17] > 0),
                "every kind of step ran: " + Arrays.toString(c.counts));
    }

    private final class Campaign {
        final Resiliency resiliency;
        final Random random;
        final byte[] model = new byte[VOLUME];
        final List<NodeSpec> nodes;
        final boolean cache;
        final TreeSet<Integer> awayNodes = new TreeSet<>();
        final int[] counts = new int[18];
        /** The pool's time source: the tier steps advance it. */
        final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1);
        FilePool pool;
        BlockDevice dev;
        /** The clone of v, when there is one, and its model. */
        byte[] snapModel;
        boolean flipOutstanding;
        long promoted;
        long destagedSeen;
        int step;
        String lastOp = "";

        Campaign(Resiliency resiliency, long seed, boolean cache) {
            this.resiliency = resiliency;
            this.cache = cache;
            this.nodes = Pools.nodes(NODES, 2, DISK, cache);
            this.random = new Random(seed);
        }

        void run(int steps) {
            pool = Pools.openVolatile(dir, nodes, clock::get);
            pool.createVolume(new VolumeSpec("v", resiliency, VOLUME));
            dev = pool.open("v");
            try {
                for (step = 0; step < steps; step++) {
                    int dice = random.nextInt(1000);
                    if (dice < 420) {
                        write();
                    } else if (dice < 720) {
                        read();
                    } else if (dice < 770) {
                        trim();
                    } else if (dice < 780) {
                        op(3, "flush");
                        dev.flush();
                    } else if (dice < 805) {
                        fail();
                    } else if (dice < 830) {
                        comeBack();
                    } else if (dice < 860) {
                        flip();
                    } else if (dice < 868) {
                        scrub();
                    } else if (dice < 873) {
                        retireAndRebuild();
                    } else if (dice < 875) {
                        reopen();
                    } else if (dice < 890) {
                        snapshot();
                    } else if (dice < 900) {
                        cloneRange();
                    } else if (dice < 930) {
                        op(14, "tier tick");
                        clock.addAndGet(random.nextInt(3_000_000) * 1000L);
                        destagedSeen += pool.tierTick();
                        for (fabric.api.storage.CacheStatus cs : pool.caches()) {
                            promoted = Math.max(promoted, cs.promotedBytes());
                        }
                    } else if (dice < 935) {
                        op(15, "destage all");
                        destagedSeen += pool.destageAll();
                    } else {
                        read();
                    }
                }
                while (!awayNodes.isEmpty()) {
                    comeBack();
                }
                scrub();
                verifyAll();
                assertEquals(VolumeHealth.HEALTHY, pool.volume("v").health());
                long destaged = destagedSeen;
                long hits = 0;
                for (fabric.api.storage.CacheStatus cs : pool.caches()) {
                    hits += cs.readHitBytes();
                }
                assertTrue(!cache || destaged > 0 && hits > 0 && promoted > 0, "the cache tier was used: destaged " + destaged
                        + ", hits " + hits + ", promoted " + promoted);
            } finally {
                pool.close();
            }
        }

        void op(int kind, String what) {
            counts[kind]++;
            lastOp = what;
        }

        int length() {
            int r = random.nextInt(10);
            if (r < 3) {
                return 1 + random.nextInt(600);
            }
            if (r < 5) {
                return 4096 * (1 + random.nextInt(4));
            }
            return 1 + random.nextInt(70_000);
        }

        void write() {
            int len = length();
            int off = random.nextBoolean() ? random.nextInt(VOLUME - len) : (random.nextInt(VOLUME - len) & ~4095);
            op(0, "write " + off + "+" + len);
            byte[] data = new byte[len];
            random.nextBytes(data);
            dev.write(off, ByteBuffer.wrap(data), random.nextInt(50) == 0);
            System.arraycopy(data, 0, model, off, len);
        }

        void read() {
            int len = length();
            int off = random.nextInt(VOLUME - len);
            op(1, "read " + off + "+" + len);
            ByteBuffer b = ByteBuffer.allocate(len);
            dev.read(off, b);
            if (!Arrays.equals(model, off, off + len, b.array(), 0, len)) {
                throw new AssertionError("read " + off + "+" + len + " returned bytes that were not written");
            }
        }

        void trim() {
            int len = random.nextBoolean() ? length() : (int) Math.min(VOLUME, (1 + random.nextInt(4)) * 65_536L);
            int off = random.nextBoolean() ? random.nextInt(VOLUME - len + 1) : (random.nextInt(VOLUME - len + 1) & ~65535);
            op(2, "trim " + off + "+" + len);
            if (random.nextBoolean()) {
                dev.trim(off, len);
            } else {
                dev.writeZeroes(off, len);
            }
            Arrays.fill(model, off, off + len, (byte) 0);
        }

        void fail() {
            if (awayNodes.size() >= resiliency.faultTolerance()) {
                return;
            }
            if (flipOutstanding) {
                scrub();
            }
            int node = 1 + random.nextInt(NODES);
            if (awayNodes.contains(node)) {
                return;
            }
            awayNodes.add(node);
            if (cache && random.nextInt(3) == 0 && cacheState(node) == DiskState.ONLINE) {
                op(16, "fail the cache drive of node-" + node);
                pool.failDisk(new NodeId("node-" + node), "nvme-0", "campaign");
                assertTrue(pool.volume("v").health() != VolumeHealth.OFFLINE, "offline within tolerance");
                return;
            }
            boolean wholeNode = random.nextBoolean();
            op(4, (wholeNode ? "fail node-" : "fail a disk of node-") + node);
            for (int d = 0; d < 2; d++) {
                if (!wholeNode && d != random.nextInt(2)) {
                    continue;
                }
                if (state(node, d) == DiskState.ONLINE) {
                    pool.failDisk(new NodeId("node-" + node), "hdd-" + d, "campaign");
                }
            }
            assertTrue(pool.volume("v").health() != VolumeHealth.OFFLINE, "offline within tolerance");
        }

        void comeBack() {
            if (awayNodes.isEmpty()) {
                return;
            }
            int node = awayNodes.pollFirst();
            op(5, "return node-" + node);
            for (int d = 0; d < 2; d++) {
                if (state(node, d) == DiskState.FAILED) {
                    pool.returnDisk(new NodeId("node-" + node), "hdd-" + d);
                }
            }
            if (cache && cacheState(node) == DiskState.FAILED) {
                pool.returnDisk(new NodeId("node-" + node), "nvme-0");
            }
            for (String v : volumeNames()) {
                RepairReport rep = pool.repair(v, Progress.NONE);
                op(6, "repair " + v + " after return of node-" + node);
                if (awayNodes.isEmpty()) {
                    assertEquals(0, rep.regionsLeft(), rep.toString());
                    assertEquals(VolumeHealth.HEALTHY, pool.volume(v).health());
                }
            }
        }

        DiskState cacheState(int node) {
            for (DiskStatus d : pool.disks()) {
                if (d.node().equals("node-" + node) && d.name().equals("nvme-0")) {
                    return d.state();
                }
            }
            throw new IllegalStateException("no cache drive");
        }

        DiskState state(int node, int disk) {
            for (DiskStatus d : pool.disks()) {
                if (d.node().equals("node-" + node) && d.name().equals("hdd-" + disk)) {
                    return d.state();
                }
            }
            throw new IllegalStateException("no disk");
        }

        void flip() {
            if (!awayNodes.isEmpty() || flipOutstanding) {
                return;
            }
            if (cache && random.nextInt(3) == 0) {
                List<BlockCache> caches = pool.tiering().caches();
                BlockCache c = caches.get(random.nextInt(caches.size()));
                if (c.disk.state == DiskState.ONLINE) {
                    long pos = (long) (random.nextDouble() * c.slots * (4096L + 4));
                    op(17, "flip a bit of cache " + c.disk.label() + " at " + pos);
                    try {
                        Pools.flip(c.disk.file.path(), pos, random.nextInt(8));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    flipOutstanding = true;
                }
                return;
            }
            List<int[]> columns = new ArrayList<>();
            List<SlabRecord> slabs = new ArrayList<>();
            if (dev instanceof MapVolume map) {
                slabs.addAll(Arrays.asList(map.mirrorTier().record().slabs));
                slabs.addAll(Arrays.asList(map.parityTier().record().slabs));
            } else {
                slabs.addAll(Arrays.asList(((PoolVolume) dev).record().slabs));
            }
            for (SlabRecord s : slabs) {
                if (s != null) {
                    for (int c = 0; c < s.disks.length; c++) {
                        columns.add(new int[] {s.disks[c], s.extents[c]});
                    }
                }
            }
            if (columns.isEmpty()) {
                return;
            }
            int[] col = columns.get(random.nextInt(columns.size()));
            DiskRecord d = pool.disk(col[0]);
            long pos = Pools.SMALL.dataStart() + col[1] * Pools.SMALL.extentStride()
                    + (long) (random.nextDouble() * Pools.SMALL.extentStride());
            op(7, "flip a bit of " + d.label() + " at " + pos);
            try {
                Pools.flip(d.file.path(), pos, random.nextInt(8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            flipOutstanding = true;
        }

        List<String> volumeNames() {
            return snapModel == null ? List.of("v") : List.of("v", "snap");
        }

        void scrub() {
            op(8, "scrub");
            for (String v : volumeNames()) {
                ScrubReport r = pool.scrub(v, Progress.NONE);
                assertEquals(0, r.unrepairableBlocks(), r.toString());
                assertEquals(r.corruptBlocks(), r.repairedBlocks(), r.toString());
            }
            flipOutstanding = false;
        }

        /** Clones a range of v onto another place of v: whole slabs shared with itself, or copied. */
        void cloneRange() {
            if (resiliency == Resiliency.MIRROR_ACCELERATED_PARITY) {
                rotate();
                return;
            }
            long slab = pool.volume("v").slabBytes();
            int len;
            int src;
            int dst;
            if (random.nextBoolean() && VOLUME / slab >= 4) {
                int slabs = (int) (VOLUME / slab);
                int n = 1 + random.nextInt(slabs / 2);
                src = (int) (random.nextInt(slabs - n + 1) * slab);
                dst = (int) (random.nextInt(slabs - n + 1) * slab);
                len = (int) (n * slab);
            } else {
                len = length();
                src = random.nextInt(VOLUME - len);
                dst = random.nextInt(VOLUME - len);
            }
            if (src < dst + len && dst < src + len) {
                return;
            }
            op(13, "clone range " + src + "+" + len + " to " + dst);
            pool.cloneRange("v", src, "v", dst, len);
            System.arraycopy(model, src, model, dst, len);
        }

        /** Clones v, or checks the clone, writes to it, or deletes it. */
        void snapshot() {
            if (resiliency == Resiliency.MIRROR_ACCELERATED_PARITY) {
                rotate();
                return;
            }
            if (snapModel == null) {
                op(12, "clone v to snap");
                pool.cloneVolume("v", "snap");
                snapModel = model.clone();
                return;
            }
            BlockDevice snap = pool.open("snap");
            ByteBuffer b = ByteBuffer.allocate(VOLUME);
            snap.read(0, b);
            if (!Arrays.equals(snapModel, b.array())) {
                throw new AssertionError("the clone differs from its model at byte " + Arrays.mismatch(snapModel, b.array()));
            }
            if (random.nextBoolean()) {
                int len = length();
                int off = random.nextInt(VOLUME - len);
                op(12, "write snap " + off + "+" + len);
                byte[] data = new byte[len];
                random.nextBytes(data);
                snap.write(off, ByteBuffer.wrap(data), false);
                System.arraycopy(data, 0, snapModel, off, len);
            } else {
                op(12, "delete snap");
                pool.deleteVolume("snap");
                snapModel = null;
            }
        }

        /** Mirror-accelerated parity (no block cloning): rotates every unit from mirror to parity. */
        void rotate() {
            op(12, "rotate every unit to parity");
            counts[13]++;
            ((MapVolume) dev).rotateAll();
        }

        void retireAndRebuild() {
            if (!awayNodes.isEmpty() || flipOutstanding) {
                return;
            }
            int node = 1 + random.nextInt(NODES);
            int disk = random.nextInt(2);
            op(9, "retire node-" + node + "/hdd-" + disk);
            pool.retireDisk(new NodeId("node-" + node), "hdd-" + disk);
            for (String v : volumeNames()) {
                RepairReport rep = pool.repair(v, Progress.NONE);
                assertEquals(0, rep.regionsLeft(), rep.toString());
                assertEquals(VolumeHealth.HEALTHY, pool.volume(v).health());
            }
            pool.replaceDisk(new NodeId("node-" + node), "hdd-" + disk);
            for (DiskStatus d : pool.disks()) {
                if (d.node().equals("node-" + node) && d.name().equals("hdd-" + disk)) {
                    assertEquals(0, d.usedBytes(), "a rebuilt disk's columns all moved away");
                }
            }
        }

        void reopen() {
            op(10, "reopen");
            dev.flush();
            pool.close();
            pool = Pools.openVolatile(dir, nodes, clock::get);
            dev = pool.open("v");
            for (int node : awayNodes) {
                for (int d = 0; d < 2; d++) {
                    DiskState s = state(node, d);
                    assertTrue(s == DiskState.FAILED || s == DiskState.ONLINE, "disk state kept: " + s);
                }
            }
            verifyAll();
        }

        void verifyAll() {
            op(11, "verify the whole volume");
            ByteBuffer b = ByteBuffer.allocate(VOLUME);
            dev.read(0, b);
            int first = Arrays.mismatch(model, b.array());
            if (first >= 0) {
                int last = first;
                for (int i = first; i < VOLUME; i++) {
                    if (model[i] != b.array()[i]) {
                        last = i;
                    }
                }
                throw new AssertionError("the volume differs from the model in bytes " + first + " to " + last
                        + " (away nodes " + awayNodes + ")");
            }
            if (snapModel != null) {
                ByteBuffer c = ByteBuffer.allocate(VOLUME);
                pool.open("snap").read(0, c);
                if (!Arrays.equals(snapModel, c.array())) {
                    throw new AssertionError("the clone differs from its model at byte "
                            + Arrays.mismatch(snapModel, c.array()));
                }
            }
        }
    }

    @SuppressWarnings("unused")
    private static boolean capacity(DiskStatus d) {
        return d.role() == DiskRole.CAPACITY;
    }
}
