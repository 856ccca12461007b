package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import fabric.api.core.NodeId;
import fabric.api.core.Resources;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.FailoverAssessment;
import fabric.api.topology.FailoverCapacity;
import fabric.api.topology.Membership;
import fabric.api.topology.QuorumState;
import fabric.api.topology.Topology;
import fabric.api.topology.Workload;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example of the README, verbatim in its body. */
class EmbeddingExampleTest {

    @TempDir
    Path dataDir;

    @Test
    void readmeExample() {
        // --- README example begins
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(dataDir))) {
            Topology topology = fabric.service(Topology.class);
            ScaleUnitId su = ScaleUnitId.of("su-1");
            System.out.println(topology.quorum(su));          // HEALTHY, 4 of 4 votes

            fabric.service(Membership.class).fail(NodeId.of("node-2"), "lost power");

            // Could every VM be restarted elsewhere if one more node failed? (N-1)
            long gib = 1L << 30;
            FailoverAssessment n1 = fabric.service(FailoverCapacity.class).assess(su, Map.of(
                    NodeId.of("node-1"), List.of(new Workload("sql-1", new Resources(16, 256 * gib))),
                    NodeId.of("node-3"), List.of(new Workload("web-1", new Resources(8, 64 * gib)))));
            System.out.println(n1.tolerant());
        }
        // --- README example ends
    }

    @Test
    void theExampleMeansWhatItSays() {
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(dataDir))) {
            Topology topology = fabric.service(Topology.class);
            ScaleUnitId su = ScaleUnitId.of("su-1");
            assertEquals(QuorumState.HEALTHY, topology.quorum(su).state());
            fabric.service(Membership.class).fail(NodeId.of("node-2"), "lost power");
            assertEquals(QuorumState.AT_RISK, topology.quorum(su).state());
            long gib = 1L << 30;
            // Each demo node offers its declared memory; three 300 GiB VMs on two nodes cannot all fit on
            // the survivors if one of them is lost.
            FailoverAssessment n1 = fabric.service(FailoverCapacity.class).assess(su, Map.of(
                    NodeId.of("node-1"), List.of(new Workload("a", new Resources(1, 300 * gib)),
                            new Workload("b", new Resources(1, 300 * gib))),
                    NodeId.of("node-3"), List.of(new Workload("c", new Resources(1, 300 * gib)))));
            assertFalse(n1.tolerant(), n1.toString());
        }
    }
}
