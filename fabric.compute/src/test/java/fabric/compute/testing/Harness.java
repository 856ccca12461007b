package fabric.compute.testing;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.NicSpec;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.RdmaKind;
import fabric.api.topology.RegionSpec;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.StampSpec;
import fabric.cluster.internal.membership.LiveTopology;
import fabric.compute.internal.engine.ComputeEngine;
import fabric.compute.internal.engine.ComputeSettings;
import fabric.journal.testing.MemoryJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compute on the real membership implementation (the cluster bundle's {@link LiveTopology}), both
 * journaling to one in-memory journal, with a clock that ticks a millisecond per reading.
 */
public final class Harness {

    /** The journal both write. */
    public final MemoryJournal journal;
    /** The topology and membership. */
    public final LiveTopology cluster;
    /** Compute. */
    public final ComputeEngine compute;
    private final RegionSpec region;
    private final Clock clock;

    private Harness(RegionSpec region, MemoryJournal journal, Clock clock) {
        this.region = region;
        this.journal = journal;
        this.clock = clock;
        this.cluster = new LiveTopology(region, journal, clock);
        this.compute = new ComputeEngine(cluster, cluster, journal, clock, ComputeSettings.DEFAULT);
        cluster.addListener(compute);
    }

    /**
     * @param nodes nodes in the one scale unit su-1, named node-1..
     * @param cores cores per node
     * @param memoryGiB memory per node
     * @return a fresh harness
     */
    public static Harness of(int nodes, int cores, long memoryGiB) {
        List<NodeSpec> specs = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            specs.add(new NodeSpec(NodeId.of("node-" + i), cores, memoryGiB << 30, List.of(),
                    List.of(new NicSpec("nic-0", 25, RdmaKind.ROCE), new NicSpec("nic-1", 25, RdmaKind.ROCE)),
                    "node-" + i + "-bmc", "dell", "AX-760"));
        }
        RegionSpec region = new RegionSpec("demo", List.of(new StampSpec("stamp-1",
                List.of(new ScaleUnitSpec(ScaleUnitId.of("su-1"), specs, Optional.empty())))));
        Clock clock = new TickingClock(Instant.parse("2026-11-25T12:00:00Z"));
        return new Harness(region, new MemoryJournal(clock), clock);
    }

    /** @return the demo scale unit: 4 nodes of 32 cores and 384 GiB */
    public static Harness demo() {
        return of(4, 32, 384);
    }

    /** @return a new cluster and compute replayed from this harness's journal, as after a restart */
    public Harness restarted() {
        return new Harness(region, journal, clock);
    }

    /** A clock that moves one millisecond each time it is read. */
    static final class TickingClock extends Clock {
        private Instant now;

        TickingClock(Instant start) {
            this.now = start;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plus(Duration.ofMillis(1));
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
