package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.storage.BlockDevice;
import fabric.api.storage.Layout;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.Progress;
import fabric.api.storage.Resiliency;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeSpec;
import fabric.api.storage.VolumeStatus;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mirror-accelerated parity on a 4-node pool: 2+2 parity units of 128 KiB, a three-way mirror tier
 * of a fifth of them. Ten units make a 1.25 MiB volume with two mirror slots.
 */
class MapVolumeTest {

    private static final int UNIT = 2 * Pools.SMALL.extentBytes();
    private static final long SIZE = 10L * UNIT;
    private static final Resiliency MAP = Resiliency.MIRROR_ACCELERATED_PARITY;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1);

    private FilePool pool() {
        return new FilePool(new ScaleUnitId("su-1"), Pools.nodes(4, 2, 8L << 20), dir, Pools.SMALL, null, true,
                FilePool.DEFAULT_RESYNC_RATE, clock::get);
    }

    private static byte[] random(int len, long seed) {
        byte[] b = new byte[len];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(BlockDevice dev, long off, int len) {
        ByteBuffer b = ByteBuffer.allocate(len);
        dev.read(off, b);
        return b.array();
    }

    private static int inMirror(MapVolume v) {
        int n = 0;
        for (int s : v.record().mirrorSlot) {
            n += s >= 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void writesLandOnMirrorAndColdUnitsRotateToParity() {
        byte[] data = random((int) SIZE, 1);
        try (FilePool pool = pool()) {
            VolumeStatus created = pool.createVolume(new VolumeSpec("a", MAP, SIZE));
            assertEquals(new Layout(2, 2), created.layout());
            // two of ten units in three-way mirror (1/3), eight in 2+2 parity (1/2): 10 / (6 + 16)
            assertEquals(10.0 / 22, created.efficiency(), 1e-9);
            MapVolume dev = (MapVolume) pool.open("a");
            dev.write(0, ByteBuffer.wrap(data, 0, 1000), false);
            assertEquals(1, inMirror(dev));
            assertEquals(1.0 / 3, pool.volume("a").efficiency(), 1e-9, "all its data sits in mirror");
            dev.write(0, ByteBuffer.wrap(data), false);
            assertEquals(2, inMirror(dev), "the mirror tier is full; the other units went to parity");
            assertEquals(10, pool.volume("a").allocatedSlabs());
            assertEquals(10.0 / (2 * 3 + 8 * 2), pool.volume("a").efficiency(), 1e-9);
            assertArrayEquals(data, read(dev, 0, data.length));

            assertEquals(2, dev.rotateAll());
            assertEquals(0, inMirror(dev));
            assertEquals(0.5, pool.volume("a").efficiency(), 1e-9);
            assertEquals(0, pool.volume("a").footprintBytes() - 10L * 4 * Pools.SMALL.extentBytes(),
                    "the mirror tier's slabs were freed");
            assertArrayEquals(data, read(dev, 0, data.length));

            // a partial write to a unit in parity moves the unit back to mirror, the rest copied along
            byte[] patch = random(5000, 2);
            dev.write(3L * UNIT + 100, ByteBuffer.wrap(patch), false);
            System.arraycopy(patch, 0, data, 3 * UNIT + 100, patch.length);
            assertEquals(1, inMirror(dev));
            assertArrayEquals(data, read(dev, 0, data.length));
            dev.flush();
        }
        try (FilePool pool = pool()) {
            MapVolume dev = (MapVolume) pool.open("a");
            assertEquals(1, inMirror(dev), "the placement is in the metadata");
            assertArrayEquals(data, read(dev, 0, data.length));
            assertEquals(VolumeHealth.HEALTHY, pool.volume("a").health());
        }
    }

    @Test
    void theTierRotatesTheColdestUnitsAboveTheHighWatermark() {
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("a", MAP, SIZE));
            pool.tierPolicy(new Tiering.Policy(100L << 20, 0.9, 0.5, 10, 1e9, 1e8));
            MapVolume dev = (MapVolume) pool.open("a");
            byte[] hot = random(4096, 3);
            dev.write(0, ByteBuffer.wrap(hot), false);
            pool.tierTick();
            assertEquals(1, inMirror(dev), "one of two slots is under the high watermark");
            for (int i = 0; i < 5; i++) {
                dev.write(0, ByteBuffer.wrap(hot), false);
            }
            byte[] cold = random(4096, 4);
            dev.write(5L * UNIT, ByteBuffer.wrap(cold), false);
            assertEquals(2, inMirror(dev));
            pool.tierTick();
            assertEquals(0, dev.record().mirrorSlot[0], "the hot unit stays in mirror");
            assertEquals(-1, dev.record().mirrorSlot[5], "the cold one went to parity");
            assertArrayEquals(hot, read(dev, 0, 4096));
            assertArrayEquals(cold, read(dev, 5L * UNIT, 4096));
        }
    }

    @Test
    void bothTiersSurviveFailuresAndAreRepaired() {
        byte[] data = random((int) SIZE, 5);
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("a", MAP, SIZE));
            BlockDevice dev = pool.open("a");
            dev.write(0, ByteBuffer.wrap(data), false);
            pool.failDisk(NodeId.of("node-1"), "hdd-0", "test");
            pool.failDisk(NodeId.of("node-2"), "hdd-0", "test");
            pool.failDisk(NodeId.of("node-1"), "hdd-1", "test");
            pool.failDisk(NodeId.of("node-2"), "hdd-1", "test");
            assertEquals(VolumeHealth.DEGRADED, pool.volume("a").health());
            byte[] more = random(3 * UNIT, 6);
            dev.write(UNIT / 2, ByteBuffer.wrap(more), false);
            System.arraycopy(more, 0, data, UNIT / 2, more.length);
            assertArrayEquals(data, read(dev, 0, data.length));
            for (String d : new String[] {"hdd-0", "hdd-1"}) {
                pool.returnDisk(NodeId.of("node-1"), d);
                pool.returnDisk(NodeId.of("node-2"), d);
            }
            assertEquals(0, pool.repair("a", Progress.NONE).regionsLeft());
            assertEquals(VolumeHealth.HEALTHY, pool.volume("a").health());
            assertEquals(0, pool.scrub("a", Progress.NONE).unrepairableBlocks());
            pool.failDisk(NodeId.of("node-3"), "hdd-0", "test");
            pool.failDisk(NodeId.of("node-3"), "hdd-1", "test");
            pool.failDisk(NodeId.of("node-4"), "hdd-0", "test");
            pool.failDisk(NodeId.of("node-4"), "hdd-1", "test");
            assertArrayEquals(data, read(dev, 0, data.length), "node-1 and node-2 were resynced");
        }
    }

    @Test
    void tiersAreHiddenAndCloningIsRefused() {
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("a", MAP, SIZE));
            pool.open("a").write(0, ByteBuffer.wrap(random(3 * UNIT, 7)), false);
            assertEquals(1, pool.volumes().size());
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class, () -> pool.open("a~m")).code());
            long gen = pool.generation();
            assertEquals(ErrorCode.FAILED_PRECONDITION,
                    assertThrows(FabricException.class, () -> pool.cloneVolume("a", "b")).code());
            assertEquals(gen, pool.generation());
            MaintenanceImpact m = pool.maintenanceImpact(NodeId.of("node-1"));
            assertEquals(1, m.volumes().size());
            assertEquals("a", m.volumes().get(0).volume());
            assertEquals(MAP, m.volumes().get(0).resiliency());
            assertTrue(m.volumes().get(0).slabs() >= 3);
            pool.open("a").writeZeroes(0, SIZE);
            assertEquals(0, pool.volume("a").allocatedSlabs());
            pool.deleteVolume("a");
            assertTrue(pool.volumes().isEmpty());
            assertTrue(pool.disks().stream().allMatch(d -> d.role() != fabric.api.topology.DiskRole.CAPACITY
                    || d.usedBytes() == 0), "every extent is free again");
            assertEquals(Arrays.asList(), pool.maintenanceImpact(NodeId.of("node-1")).volumes());
        }
    }
}
