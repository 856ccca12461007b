package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.storage.BlockDevice;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.Progress;
import fabric.api.storage.Resiliency;
import fabric.api.storage.ResyncStatus;
import fabric.api.storage.VolumeImpact;
import fabric.api.storage.VolumeSpec;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance impact and resync figures on a 4-node pool with one capacity disk per node. Slabs
 * are placed on the nodes with the most free extents, ties in node order, so the placements are
 * known: a two-way mirror's slab 0 on node-1 and node-2, slab 1 on node-3 and node-4; a three-way
 * mirror's slab 0 on node-1..3, slab 1 on node-4, node-1, node-2; dual parity 2+2 on every node.
 */
class PoolImpactTest {

    private static final long DISK = 8L << 20;
    private static final int EXTENT = Pools.SMALL.extentBytes();
    private static final int REGION = Pools.SMALL.regionBytes();
    private static final NodeId N1 = NodeId.of("node-1");

    @TempDir
    Path dir;

    /** Each call of the clock advances it by one millisecond. */
    private final AtomicLong ticks = new AtomicLong();

    private FilePool pool() {
        return new FilePool(new ScaleUnitId("su-1"), Pools.nodes(4, 1, DISK), dir, Pools.SMALL, null, true,
                FilePool.DEFAULT_RESYNC_RATE, () -> ticks.addAndGet(1_000_000));
    }

    private static void fill(FilePool pool, String volume) {
        BlockDevice dev = pool.open(volume);
        byte[] data = new byte[(int) dev.size()];
        new java.util.Random(1).nextBytes(data);
        dev.write(0, ByteBuffer.wrap(data), false);
    }

    private static VolumeImpact only(MaintenanceImpact m) {
        assertEquals(1, m.volumes().size());
        return m.volumes().get(0);
    }

    @Test
    void twoWayMirror() {
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("m2", Resiliency.TWO_WAY_MIRROR, 2L * EXTENT));
            fill(pool, "m2");
            MaintenanceImpact m = pool.maintenanceImpact(N1);
            assertEquals(new VolumeImpact("m2", Resiliency.TWO_WAY_MIRROR, 2, 1, 1, 0, EXTENT), only(m));
            assertEquals(EXTENT, m.bytesOnNode());
            assertEquals(4L * EXTENT, m.poolWrittenBytes());
            assertFalse(m.offlineRisk());

            pool.failDisk(NodeId.of("node-2"), "hdd-0", "test");
            m = pool.maintenanceImpact(N1);
            assertEquals(new VolumeImpact("m2", Resiliency.TWO_WAY_MIRROR, 2, 1, 0, 1, EXTENT), only(m));
            assertTrue(m.offlineRisk());
            assertEquals(EXTENT, m.resync().bytesPending(), "node-2's column of slab 0 is away");
        }
    }

    @Test
    void threeWayMirror() {
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("m3", Resiliency.THREE_WAY_MIRROR, 2L * EXTENT));
            fill(pool, "m3");
            assertEquals(new VolumeImpact("m3", Resiliency.THREE_WAY_MIRROR, 2, 2, 0, 0, 2L * EXTENT),
                    only(pool.maintenanceImpact(N1)));
            assertEquals(new VolumeImpact("m3", Resiliency.THREE_WAY_MIRROR, 2, 1, 0, 0, EXTENT),
                    only(pool.maintenanceImpact(NodeId.of("node-3"))));
            pool.failDisk(NodeId.of("node-2"), "hdd-0", "test");
            assertEquals(new VolumeImpact("m3", Resiliency.THREE_WAY_MIRROR, 2, 2, 2, 0, 2L * EXTENT),
                    only(pool.maintenanceImpact(N1)));
            pool.failDisk(NodeId.of("node-3"), "hdd-0", "test");
            MaintenanceImpact m = pool.maintenanceImpact(N1);
            assertEquals(new VolumeImpact("m3", Resiliency.THREE_WAY_MIRROR, 2, 2, 1, 1, 2L * EXTENT), only(m));
            assertTrue(m.offlineRisk());
        }
    }

    @Test
    void dualParity() {
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("p", Resiliency.DUAL_PARITY, 4L * EXTENT));
            fill(pool, "p");
            MaintenanceImpact m = pool.maintenanceImpact(N1);
            assertEquals(new VolumeImpact("p", Resiliency.DUAL_PARITY, 2, 2, 0, 0, 2L * EXTENT), only(m));
            assertEquals(8L * EXTENT, m.poolWrittenBytes());
            pool.failDisk(NodeId.of("node-4"), "hdd-0", "test");
            assertEquals(new VolumeImpact("p", Resiliency.DUAL_PARITY, 2, 2, 2, 0, 2L * EXTENT),
                    only(pool.maintenanceImpact(N1)));
            pool.failDisk(NodeId.of("node-3"), "hdd-0", "test");
            assertTrue(pool.maintenanceImpact(N1).offlineRisk());
            assertEquals(new VolumeImpact("p", Resiliency.DUAL_PARITY, 2, 2, 0, 2, 2L * EXTENT),
                    only(pool.maintenanceImpact(N1)));
        }
    }

    @Test
    void onlyWrittenRegionsCountAndASharedSlabCountsOnceInThePool() {
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("m2", Resiliency.TWO_WAY_MIRROR, 2L * EXTENT));
            pool.open("m2").write(0, ByteBuffer.allocate(REGION), false);
            assertEquals(new VolumeImpact("m2", Resiliency.TWO_WAY_MIRROR, 1, 1, 1, 0, REGION),
                    only(pool.maintenanceImpact(N1)));
            assertEquals(new VolumeImpact("m2", Resiliency.TWO_WAY_MIRROR, 1, 0, 0, 0, 0),
                    only(pool.maintenanceImpact(NodeId.of("node-3"))));
            pool.cloneVolume("m2", "copy");
            MaintenanceImpact m = pool.maintenanceImpact(N1);
            assertEquals(REGION, m.volumes().get(0).bytesOnNode());
            assertEquals(REGION, m.volumes().get(1).bytesOnNode());
            assertEquals(REGION, m.bytesOnNode());
            assertEquals(2L * REGION, m.poolWrittenBytes());
        }
    }

    @Test
    void writesAreMeteredInColumnBytes() {
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("m3", Resiliency.THREE_WAY_MIRROR, 2L * EXTENT));
            pool.createVolume(new VolumeSpec("p", Resiliency.DUAL_PARITY, 4L * EXTENT));
            ticks.set(0);
            pool.open("m3").write(0, ByteBuffer.allocate(REGION), false);
            pool.open("p").write(0, ByteBuffer.allocate(2 * REGION), false);
            ticks.addAndGet(2_000_000_000L);
            // 3 x 16 KiB + 32 KiB x 4/2, over the two complete seconds since the pool opened
            long expected = (3L * REGION + 4L * REGION) / 2;
            assertEquals(expected, pool.maintenanceImpact(N1).columnWriteBytesPerSecond());
        }
    }

    @Test
    void resyncRateIsAssumedUntilARepairIsMeasured() {
        try (FilePool pool = pool()) {
            pool.createVolume(new VolumeSpec("m2", Resiliency.TWO_WAY_MIRROR, 2L * EXTENT));
            fill(pool, "m2");
            ResyncStatus before = pool.resync();
            assertEquals(new ResyncStatus(0, FilePool.DEFAULT_RESYNC_RATE, false, Duration.ZERO), before);

            pool.failDisk(N1, "hdd-0", "test");
            assertEquals(EXTENT, pool.resync().bytesPending());
            assertEquals(ResyncStatus.duration(EXTENT, FilePool.DEFAULT_RESYNC_RATE), pool.resync().estimate());
            pool.open("m2").write(REGION, ByteBuffer.allocate(2 * REGION), false);
            pool.returnDisk(N1, "hdd-0");
            assertEquals(2L * REGION, pool.resync().bytesPending(), "two stale regions");
            pool.repair("m2", Progress.NONE);
            ResyncStatus after = pool.resync();
            // each region rebuilt between two ticks of the clock: 16 KiB per millisecond
            assertEquals(new ResyncStatus(0, REGION * 1000L, true, Duration.ZERO), after);
        }
    }

    @Test
    void aNodeWithoutDisksInThePoolIsNotFound() {
        try (FilePool pool = pool()) {
            FabricException e = assertThrows(FabricException.class, () -> pool.maintenanceImpact(NodeId.of("node-9")));
            assertEquals(ErrorCode.NOT_FOUND, e.code());
        }
    }
}
