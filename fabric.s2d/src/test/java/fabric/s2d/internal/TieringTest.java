package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.storage.CacheStatus;
import fabric.api.storage.DiskState;
import fabric.api.storage.Progress;
import fabric.api.storage.Resiliency;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeSpec;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache tier on a 4-node pool, one NVMe cache and one HDD capacity drive per node: writes land
 * in the cache, reads hit it, the destager follows its rate and watermarks, a cache failure loses
 * nothing flushed, the dirty map survives a reopen, and heat moves slabs between tiers.
 */
class TieringTest {

    private static final long DISK = 8L << 20;
    private static final int EXTENT = Pools.SMALL.extentBytes();
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(SECOND);

    private FilePool pool() {
        return new FilePool(new ScaleUnitId("su-1"), Pools.nodes(4, 1, DISK), dir, Pools.SMALL, null, true,
                FilePool.DEFAULT_RESYNC_RATE, clock::get);
    }

    private static byte[] random(int len, long seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(FilePool pool, String volume, long offset, int len) {
        ByteBuffer b = ByteBuffer.allocate(len);
        pool.open(volume).read(offset, b);
        return b.array();
    }

    private static CacheStatus cache(FilePool pool, String node) {
        for (CacheStatus c : pool.caches()) {
            if (c.node().equals(node)) {
                return c;
            }
        }
        throw new AssertionError("no cache on " + node);
    }

    private static long dirty(FilePool pool) {
        long sum = 0;
        for (CacheStatus c : pool.caches()) {
            sum += c.dirtyBytes();
        }
        return sum;
    }

    /** The first data bytes of a slab column on its capacity drive. */
    private static byte[] onCapacity(FilePool pool, SlabRecord s, int c, int len) throws Exception {
        DiskRecord d = pool.disk(s.disks[c]);
        byte[] out = new byte[len];
        try (RandomAccessFile f = new RandomAccessFile(d.file.path().toFile(), "r")) {
            f.seek(Pools.SMALL.dataStart() + (long) s.extents[c] * Pools.SMALL.extentStride());
            f.readFully(out);
        }
        return out;
    }

    @Test
    void writesLandInTheCacheAndAreDestagedToCapacity() throws Exception {
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("m", Resiliency.TWO_WAY_MIRROR, 2L * EXTENT));
            byte[] data = random(16 << 10, 1);
            pool.open("m").write(0, ByteBuffer.wrap(data), false);
            CacheStatus c1 = cache(pool, "node-1");
            assertEquals(java.util.List.of("hdd-0"), c1.boundTo());
            assertEquals(16 << 10, c1.dirtyBytes(), "slab 0 has a column on node-1");
            SlabRecord s = ((PoolVolume) pool.open("m")).record().slabs[0];
            assertArrayEquals(new byte[16 << 10], onCapacity(pool, s, 0, 16 << 10), "capacity not written yet");
            assertArrayEquals(data, read(pool, "m", 0, data.length));
            assertTrue(cache(pool, "node-1").readHitBytes() + cache(pool, "node-2").readHitBytes() >= data.length);

            assertEquals(2 * 4, pool.destageAll(), "4 blocks on each of two columns");
            assertEquals(0, dirty(pool));
            assertArrayEquals(data, onCapacity(pool, s, 0, data.length));
            assertArrayEquals(data, onCapacity(pool, s, 1, data.length));
            assertArrayEquals(data, read(pool, "m", 0, data.length));
            assertTrue(pool.disks().stream().anyMatch(d -> d.name().equals("nvme-0")
                    && d.reason().equals("cache for hdd-0") && d.usedBytes() == 16 << 10));
        }
    }

    @Test
    void theDestagerFollowsItsRateBetweenTheWatermarks() {
        try (FilePool pool = pool()) {
            int slots = (int) (cache(pool, "node-1").capacityBytes() / 4096);
            // 10 blocks a second; destage from 60% down to 20%
            pool.tierPolicy(new Tiering.Policy(10 * 4096, 0.6, 0.2, 60, 1e9, 1e8));
            pool.createVolume(new VolumeSpec("p", Resiliency.DUAL_PARITY, 64L * EXTENT));
            // whole rows of 4 blocks a column: 2+2 on four nodes, every node holds one column of every row
            int blocks = (int) (slots * 0.5) & ~3;
            pool.open("p").write(0, ByteBuffer.wrap(random(blocks * 2 * 4096, 2)), false);
            assertEquals(blocks * 4096L, cache(pool, "node-1").dirtyBytes());
            pool.tierTick();
            clock.addAndGet(SECOND);
            assertEquals(0, pool.tierTick(), "under the high watermark nothing is destaged");

            int more = (int) (slots * 0.2) & ~3;
            pool.open("p").write(blocks * 2 * 4096L, ByteBuffer.wrap(random(more * 2 * 4096, 3)), false);
            int dirtyBlocks = blocks + more;
            assertTrue(dirtyBlocks >= Math.ceil(slots * 0.6));
            clock.addAndGet(SECOND);
            assertEquals(4 * 10, pool.tierTick(), "one second at 10 blocks a second, on each of 4 caches");
            dirtyBlocks -= 10;
            int low = (int) (slots * 0.2);
            while (dirtyBlocks > low) {
                clock.addAndGet(10 * SECOND);
                int done = pool.tierTick();
                int expected = Math.min(10, dirtyBlocks - low);
                assertEquals(4 * expected, done);
                dirtyBlocks -= expected;
            }
            assertEquals(low * 4096L, cache(pool, "node-1").dirtyBytes(), "stops at the low watermark");
            clock.addAndGet(SECOND);
            assertEquals(0, pool.tierTick());
        }
    }

    @Test
    void aFullCacheWritesThrough() {
        try (FilePool pool = pool()) {
            int slots = (int) (cache(pool, "node-1").capacityBytes() / 4096);
            pool.createVolume(new VolumeSpec("p", Resiliency.DUAL_PARITY, 64L * EXTENT));
            int perColumn = (slots + 10 + 3) & ~3;
            int len = perColumn * 2 * 4096;
            byte[] data = random(len, 4);
            pool.open("p").write(0, ByteBuffer.wrap(data), false);
            CacheStatus c = cache(pool, "node-1");
            assertEquals(c.capacityBytes(), c.dirtyBytes());
            assertEquals((perColumn - slots) * 4096L, c.writeThroughBytes());
            assertArrayEquals(data, read(pool, "p", 0, len));
        }
    }

    @Test
    void aFailedCacheLosesNothingThatWasFlushed() {
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("m", Resiliency.TWO_WAY_MIRROR, 4L * EXTENT));
            byte[] data = random(4 * EXTENT, 5);
            pool.open("m").write(0, ByteBuffer.wrap(data), false);
            pool.open("m").flush();
            pool.failDisk(NodeId.of("node-1"), "nvme-0", "test");
            assertEquals(DiskState.FAILED, cache(pool, "node-1").state());
            assertEquals(0, cache(pool, "node-1").usedBytes());
            assertEquals(VolumeHealth.DEGRADED, pool.volume("m").health(), "node-1's dirty blocks are stale");
            assertTrue(pool.volume("m").staleBytes() > 0);
            assertArrayEquals(data, read(pool, "m", 0, data.length));
            pool.returnDisk(NodeId.of("node-1"), "nvme-0");
            assertEquals(java.util.List.of("hdd-0"), cache(pool, "node-1").boundTo());
            assertEquals(0, pool.repair("m", Progress.NONE).regionsLeft());
            assertEquals(VolumeHealth.HEALTHY, pool.volume("m").health());
            // node-1 holds current columns again: lose the other copy of slab 0
            pool.failDisk(NodeId.of("node-2"), "hdd-0", "test");
            assertArrayEquals(java.util.Arrays.copyOf(data, EXTENT), read(pool, "m", 0, EXTENT),
                    "slab 0 lives on node-1 and node-2");
        }
    }

    @Test
    void dirtyBlocksSurviveAReopen() {
        byte[] data = random(3 * EXTENT, 6);
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("p", Resiliency.DUAL_PARITY, 4L * EXTENT));
            pool.open("p").write(0, ByteBuffer.wrap(data), false);
            pool.open("p").flush();
        }
        try (FilePool pool = pool()) {
            assertEquals(3L * EXTENT / 2, cache(pool, "node-1").dirtyBytes(), "half a column per node per slab");
            assertArrayEquals(data, read(pool, "p", 0, data.length));
            pool.destageAll();
            assertEquals(0, dirty(pool));
        }
        try (FilePool pool = pool()) {
            assertEquals(0, cache(pool, "node-1").usedBytes(), "clean blocks are not remembered");
            assertArrayEquals(data, read(pool, "p", 0, data.length));
        }
    }

    @Test
    void aCacheDriveOfAnotherPoolIsRefused() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        byte[] data = random(6 * EXTENT, 8);
        try (FilePool pool = new FilePool(new ScaleUnitId("su-1"), Pools.nodes(4, 1, DISK), a, Pools.SMALL, null, true,
                FilePool.DEFAULT_RESYNC_RATE, clock::get)) {
            pool.createVolume(new VolumeSpec("m", Resiliency.TWO_WAY_MIRROR, 6L * EXTENT));
            pool.open("m").write(0, ByteBuffer.wrap(data), false);
            pool.open("m").flush();
            assertTrue(cache(pool, "node-1").dirtyBytes() > 0, "node-1's cache holds dirty blocks");
        }
        try (FilePool other = new FilePool(new ScaleUnitId("su-1"), Pools.nodes(4, 1, DISK), b, Pools.SMALL, null, true,
                FilePool.DEFAULT_RESYNC_RATE, clock::get)) {
            other.createVolume(new VolumeSpec("x", Resiliency.TWO_WAY_MIRROR, 2L * EXTENT));
            other.open("x").write(0, ByteBuffer.wrap(random(2 * EXTENT, 9)), false);
        }
        java.nio.file.Files.copy(b.resolve("node-1").resolve("nvme-0"), a.resolve("node-1").resolve("nvme-0"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (FilePool pool = new FilePool(new ScaleUnitId("su-1"), Pools.nodes(4, 1, DISK), a, Pools.SMALL, null, true,
                FilePool.DEFAULT_RESYNC_RATE, clock::get)) {
            fabric.api.storage.DiskStatus nvme = pool.disks().stream()
                    .filter(d -> d.node().equals("node-1") && d.name().equals("nvme-0")).findFirst().orElseThrow();
            assertEquals(DiskState.FAILED, nvme.state());
            assertTrue(nvme.reason().contains("another pool"), nvme.reason());
            assertArrayEquals(data, read(pool, "m", 0, data.length), "its dirty blocks come from the other copies");
            FabricException e = assertThrows(FabricException.class,
                    () -> pool.returnDisk(new NodeId("node-1"), "nvme-0"));
            assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
            assertTrue(e.getMessage().contains("another pool"), e.getMessage());
            pool.replaceDisk(new NodeId("node-1"), "nvme-0");
            pool.repair("m", Progress.NONE);
            assertArrayEquals(data, read(pool, "m", 0, data.length));
        }
        try (FilePool pool = new FilePool(new ScaleUnitId("su-1"), Pools.nodes(4, 1, DISK), a, Pools.SMALL, null, true,
                FilePool.DEFAULT_RESYNC_RATE, clock::get)) {
            assertEquals("ONLINE", cache(pool, "node-1").state().name(), "the replaced drive carries this pool's label");
            assertArrayEquals(data, read(pool, "m", 0, data.length));
        }
    }

    @Test
    void theCacheCountersSurviveAReopen() {
        byte[] data = random(3 * EXTENT, 7);
        CacheStatus before;
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("p", Resiliency.DUAL_PARITY, 4L * EXTENT));
            pool.open("p").write(0, ByteBuffer.wrap(data), false);
            assertArrayEquals(data, read(pool, "p", 0, data.length));
            pool.destageAll();
            assertArrayEquals(data, read(pool, "p", 0, data.length));
            before = cache(pool, "node-1");
            assertTrue(before.readHitBytes() > 0 && before.destagedBytes() > 0, before.toString());
        }
        try (FilePool pool = pool()) {
            CacheStatus after = cache(pool, "node-1");
            assertEquals(before.readHitBytes(), after.readHitBytes());
            assertEquals(before.readMissBytes(), after.readMissBytes());
            assertEquals(before.destagedBytes(), after.destagedBytes());
            assertEquals(before.promotedBytes(), after.promotedBytes());
            assertEquals(before.writeThroughBytes(), after.writeThroughBytes());
            assertArrayEquals(data, read(pool, "p", 0, data.length));
            assertTrue(cache(pool, "node-1").readMissBytes() > before.readMissBytes(), "counting goes on");
        }
    }

    @Test
    void hotSlabsMoveToTheCacheAndColdOnesBack() {
        byte[] data = random(2 * EXTENT, 7);
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("m", Resiliency.TWO_WAY_MIRROR, 2L * EXTENT));
            pool.open("m").write(0, ByteBuffer.wrap(data), false);
            pool.destageAll();
        }
        try (FilePool pool = pool()) {
            // hot at 16 accesses, cold under 2; heat halves every 10 seconds
            pool.tierPolicy(new Tiering.Policy(100L << 20, 0.8, 0.5, 10, 16, 2));
            for (int i = 0; i < 20; i++) {
                read(pool, "m", EXTENT, 4096);
            }
            pool.tierTick();
            assertEquals(1, cache(pool, "node-3").hotSlabs());
            assertEquals(EXTENT, cache(pool, "node-3").promotedBytes(), "slab 1 lives on node-3 and node-4");
            assertEquals(EXTENT, cache(pool, "node-3").usedBytes());
            assertEquals(0, cache(pool, "node-1").usedBytes(), "slab 0 stayed cold");
            long hits = cache(pool, "node-3").readHitBytes() + cache(pool, "node-4").readHitBytes();
            assertArrayEquals(java.util.Arrays.copyOfRange(data, EXTENT, 2 * EXTENT), read(pool, "m", EXTENT, EXTENT));
            assertEquals(hits + EXTENT, cache(pool, "node-3").readHitBytes() + cache(pool, "node-4").readHitBytes());

            clock.addAndGet(40 * SECOND); // 20 -> 1.25
            pool.tierTick();
            assertEquals(0, cache(pool, "node-3").hotSlabs());
            assertEquals(0, cache(pool, "node-3").usedBytes());
            assertArrayEquals(data, read(pool, "m", 0, data.length));
        }
    }

    @Test
    void aCacheDriveCannotBeRetired() {
        try (FilePool pool = pool()) {
            long gen = pool.generation();
            FabricException e = assertThrows(FabricException.class,
                    () -> pool.retireDisk(NodeId.of("node-1"), "nvme-0"));
            assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
            assertEquals(gen, pool.generation());
            assertFalse(pool.caches().isEmpty());
            assertThrows(IllegalArgumentException.class, () -> new Tiering.Policy(1, 0.5, 0.6, 1, 2, 1));
        }
    }
}
