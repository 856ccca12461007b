package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.storage.DiskState;
import fabric.api.storage.Resiliency;
import fabric.api.storage.StoragePool;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeSpec;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStateChanged;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.StampSpec;
import fabric.api.topology.Topology;
import java.lang.annotation.Annotation;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage component built by hand: pools from the topology, membership changes, exports. */
class StorageComponentTest {

    private static final ScaleUnitId SU = new ScaleUnitId("su-1");

    @TempDir
    Path dir;

    private static Topology topology(List<NodeSpec> nodes) {
        RegionSpec region = new RegionSpec("r", List.of(new StampSpec("s",
                List.of(new ScaleUnitSpec(SU, nodes, Optional.empty())))));
        return new Topology() {
            public RegionSpec region() {
                return region;
            }

            public ScaleUnitSpec scaleUnit(ScaleUnitId id) {
                throw new UnsupportedOperationException();
            }

            public NodeSpec node(NodeId id) {
                throw new UnsupportedOperationException();
            }

            public ScaleUnitId scaleUnitOf(NodeId id) {
                throw new UnsupportedOperationException();
            }

            public NodeStatus status(NodeId id) {
                throw new UnsupportedOperationException();
            }

            public List<NodeStatus> statuses(ScaleUnitId id) {
                throw new UnsupportedOperationException();
            }

            public QuorumStatus quorum(ScaleUnitId id) {
                throw new UnsupportedOperationException();
            }

            public void requireQuorum(ScaleUnitId id) {
            }
        };
    }

    private static StorageConfig config() {
        return config(0);
    }

    private static StorageConfig config(int scrubMinutes) {
        return new StorageConfig() {
            public Class<? extends Annotation> annotationType() {
                return StorageConfig.class;
            }

            public String disks() {
                return "";
            }

            public int extentBytes() {
                return Pools.SMALL.extentBytes();
            }

            public int interleaveBytes() {
                return Pools.SMALL.interleaveBytes();
            }

            public int regionBytes() {
                return Pools.SMALL.regionBytes();
            }

            public int metadataSlotBytes() {
                return Pools.SMALL.metadataSlotBytes();
            }

            public int scrubIntervalMinutes() {
                return scrubMinutes;
            }

            public int nbdPort() {
                return 0;
            }

            public int writeQueueBytes() {
                return 1 << 20;
            }

            public int resyncMegabytesPerSecond() {
                return 200;
            }

            public int tierIntervalMillis() {
                return 0;
            }

            public int destageMegabytesPerSecond() {
                return 100;
            }

            public int cacheHighWatermarkPercent() {
                return 80;
            }

            public int cacheLowWatermarkPercent() {
                return 50;
            }

            public int heatHalfLifeSeconds() {
                return 60;
            }
        };
    }

    private static DiskState state(StoragePool pool, String node, String disk) {
        return pool.disks().stream().filter(d -> d.node().equals(node) && d.name().equals(disk)).findFirst()
                .orElseThrow().state();
    }

    @Test
    void aNodeDownFailsItsDisksAndItsReturnResyncsThem() throws Exception {
        StorageComponent storage = new StorageComponent(topology(Pools.nodes(4, 2, 8L << 20)), null, config(), dir, 0);
        try {
            StoragePool pool = storage.pool(SU);
            pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, 1 << 20));
            pool.open("v").write(0, ByteBuffer.wrap(new byte[100_000]), false);
            QuorumStatus quorum = null;
            storage.nodeStateChanged(new NodeStateChanged("su-1", "node-2", NodeState.UP, NodeState.DOWN, "test"), quorum);
            assertEquals(DiskState.FAILED, state(pool, "node-2", "hdd-0"));
            assertEquals(DiskState.FAILED, state(pool, "node-2", "hdd-1"));
            pool.open("v").write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}), false);
            storage.nodeStateChanged(new NodeStateChanged("su-1", "node-2", NodeState.DOWN, NodeState.UP, ""), quorum);
            storage.awaitBackground();
            assertEquals(DiskState.ONLINE, state(pool, "node-2", "hdd-0"));
            assertEquals(VolumeHealth.HEALTHY, pool.volume("v").health(), "resynced in the background");

            storage.nodeStateChanged(new NodeStateChanged("su-1", "node-3", NodeState.UP, NodeState.MAINTENANCE, ""),
                    quorum);
            assertEquals(DiskState.MAINTENANCE, state(pool, "node-3", "hdd-0"));
            storage.nodeStateChanged(new NodeStateChanged("su-1", "node-3", NodeState.MAINTENANCE, NodeState.UP, ""),
                    quorum);
            storage.awaitBackground();
            assertEquals(DiskState.ONLINE, state(pool, "node-3", "hdd-0"));
            assertEquals(VolumeHealth.HEALTHY, pool.volume("v").health());

            assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                    () -> storage.pool(new ScaleUnitId("su-9"))).code());
            assertEquals(0, storage.exports().size());
            String uri = storage.export(SU, "v").uri();
            assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(FabricException.class, () -> storage.export(SU, "v")).code());
            assertEquals(1, storage.exports().size());
            storage.unexport("v");
            assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class, () -> storage.unexport("v")).code());
            assertEquals(true, uri.startsWith("nbd://127.0.0.1:"));
        } finally {
            storage.deactivate();
        }
    }

    /** An executor that hands the scheduled task to the test instead of a clock. */
    private static final class ManualSchedule extends java.util.concurrent.ScheduledThreadPoolExecutor {
        Runnable task;
        long delay;

        ManualSchedule() {
            super(1);
        }

        @Override
        public java.util.concurrent.ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay,
                long period, java.util.concurrent.TimeUnit unit) {
            task = command;
            delay = unit.toMinutes(period);
            return null;
        }
    }

    @Test
    void theScheduledScrubFindsAndRepairsLatentCorruption() throws Exception {
        ManualSchedule schedule = new ManualSchedule();
        StorageComponent storage = new StorageComponent(topology(Pools.nodes(4, 1, 8L << 20)), null, config(30), dir, 0,
                schedule);
        try {
            assertEquals(30, schedule.delay);
            FilePool pool = (FilePool) storage.pool(SU);
            pool.createVolume(new VolumeSpec("v", Resiliency.TWO_WAY_MIRROR, 1 << 20));
            PoolVolume dev = (PoolVolume) pool.open("v");
            dev.write(0, ByteBuffer.wrap(new byte[8192]), true);
            SlabRecord s = dev.record().slabs[0];
            Pools.flip(pool.disk(s.disks[1]).file.path(), Pools.SMALL.dataStart()
                    + s.extents[1] * Pools.SMALL.extentStride() + 10, 0);
            schedule.task.run();
            assertEquals(0, pool.scrub("v", fabric.api.storage.Progress.NONE).corruptBlocks(),
                    "the scheduled scrub repaired the flipped bit");
        } finally {
            storage.deactivate();
        }
    }

    @Test
    void theDiskDirectoryAndPortComeFromConfigurationOrFrameworkProperties() {
        assertEquals(Path.of("/x/disks"), StorageComponent.directory("", "/x"));
        assertEquals(Path.of("/y"), StorageComponent.directory(" /y ", "/x"));
        assertEquals(Path.of("fabric-data", "disks"), StorageComponent.directory(null, null));
        assertEquals(10809, StorageComponent.port(10809, null));
        assertEquals(0, StorageComponent.port(10809, "0"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class,
                () -> StorageComponent.port(10809, "many")).code());
    }
}
