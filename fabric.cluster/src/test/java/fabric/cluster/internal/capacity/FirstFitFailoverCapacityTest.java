package fabric.cluster.internal.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.Resources;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.FailoverAssessment;
import fabric.api.topology.NodeLossOutcome;
import fabric.api.topology.Workload;
import fabric.cluster.internal.membership.LiveTopology;
import fabric.journal.testing.MemoryJournal;
import fabric.cluster.testing.Regions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The N-1 check: could every workload be re-hosted after losing any one node? */
class FirstFitFailoverCapacityTest {

    private static final ScaleUnitId SU = ScaleUnitId.of("su-1");
    private static final long GIB = 1L << 30;

    private final LiveTopology topology =
            new LiveTopology(Regions.twoScaleUnits(), new MemoryJournal(), Clock.systemUTC());
    private final FirstFitFailoverCapacity capacity = new FirstFitFailoverCapacity(topology);

    private static NodeId node(int i) {
        return NodeId.of("node-" + i);
    }

    private static Workload vm(String name, long cpus, long gib) {
        return new Workload(name, new Resources(cpus, gib * GIB));
    }

    @Test
    void smallWorkloadsAreTolerant() {
        FailoverAssessment a = capacity.assess(SU, Map.of(
                node(1), List.of(vm("sql-1", 16, 256)),
                node(3), List.of(vm("web-1", 8, 64), vm("web-2", 8, 64))));
        assertTrue(a.tolerant(), a.toString());
        assertEquals(List.of(node(1), node(3)), a.outcomes().stream().map(NodeLossOutcome::lost).toList(),
                "one outcome per node holding workloads, in node order");
        assertTrue(a.firstFailure().isEmpty());
    }

    @Test
    void workloadsThatFitNowhereAreStrandedByName() {
        // Every node runs 300 GiB of its 384 GiB: 84 GiB of headroom each, 252 GiB on three survivors.
        Map<NodeId, List<Workload>> placement = Map.of(
                node(1), List.of(vm("db-1", 8, 200), vm("db-2", 8, 100)),
                node(2), List.of(vm("app-2", 8, 300)),
                node(3), List.of(vm("app-3", 8, 300)),
                node(4), List.of(vm("app-4", 8, 300)));
        FailoverAssessment a = capacity.assess(SU, placement);
        assertFalse(a.tolerant());
        NodeLossOutcome first = a.firstFailure().orElseThrow();
        assertEquals(node(1), first.lost());
        assertEquals(List.of("db-1", "db-2"), first.stranded());
        assertEquals(new Resources(16, 300 * GIB), first.strandedDemand());
        assertEquals(4, a.outcomes().size());
        assertTrue(a.outcomes().stream().noneMatch(NodeLossOutcome::rehostable));
    }

    @Test
    void partOfANodesWorkloadsCanBeStranded() {
        Map<NodeId, List<Workload>> placement = Map.of(
                node(1), List.of(vm("big", 8, 100), vm("small", 2, 20)),
                node(2), List.of(vm("a", 8, 300)),
                node(3), List.of(vm("b", 8, 300)),
                node(4), List.of(vm("c", 8, 300)));
        NodeLossOutcome lost1 = capacity.assess(SU, placement).outcomes().get(0);
        assertFalse(lost1.rehostable());
        assertEquals(List.of("big"), lost1.stranded());
        assertEquals(new Resources(8, 100 * GIB), lost1.strandedDemand());
    }

    @Test
    void largestWorkloadsArePlacedFirst() {
        // Survivors offer 60, 40 and 40 GiB. In the given order, the 30 GiB workload would take the
        // 60 GiB node and leave no node for the 50 GiB one; largest first fits both.
        Map<NodeId, Resources> offered = Map.of(
                node(1), new Resources(64, 100 * GIB),
                node(2), new Resources(64, 60 * GIB),
                node(3), new Resources(64, 40 * GIB),
                node(4), new Resources(64, 40 * GIB));
        Map<NodeId, List<Workload>> placement = Map.of(node(1), List.of(vm("small", 2, 30), vm("large", 2, 50)));
        assertTrue(capacity.assess(SU, offered, placement).tolerant());
    }

    @Test
    void nodesInMaintenanceOrDownOfferNothing() {
        Map<NodeId, List<Workload>> placement = Map.of(node(1), List.of(vm("a", 8, 300), vm("b", 8, 300)));
        assertTrue(capacity.assess(SU, placement).tolerant(), "three empty survivors hold two workloads");
        topology.enterMaintenance(node(2), "firmware");
        assertTrue(capacity.assess(SU, placement).tolerant(), "two survivors still do");
        topology.fail(node(3), "power");
        FailoverAssessment a = capacity.assess(SU, placement);
        assertFalse(a.tolerant(), "one survivor holds only one");
        assertEquals(List.of("b"), a.firstFailure().orElseThrow().stranded());
        topology.isolate(node(4), "network");
        assertEquals(List.of("a", "b"), capacity.assess(SU, placement).firstFailure().orElseThrow().stranded());
    }

    @Test
    void nodesMissingFromTheCapacityOfferNothing() {
        Map<NodeId, List<Workload>> placement = Map.of(node(1), List.of(vm("a", 4, 10)));
        assertFalse(capacity.assess(SU, Map.of(node(1), new Resources(8, 64 * GIB)), placement).tolerant());
        assertTrue(capacity.assess(SU, Map.of(node(4), new Resources(8, 64 * GIB)), placement).tolerant());
    }

    @Test
    void anOvercommittedSurvivorOffersNothing() {
        Map<NodeId, Resources> offered = Map.of(node(2), new Resources(8, 64 * GIB));
        Map<NodeId, List<Workload>> placement = Map.of(
                node(1), List.of(vm("a", 1, 1)),
                node(2), List.of(vm("b", 16, 1)));
        assertEquals(List.of("a"), capacity.assess(SU, offered, placement).outcomes().get(0).stranded());
    }

    @Test
    void processorsCountAsMuchAsMemory() {
        Map<NodeId, List<Workload>> placement = Map.of(node(1), List.of(vm("wide", 33, 1)));
        assertEquals(List.of("wide"), capacity.assess(SU, placement).outcomes().get(0).stranded());
    }

    @Test
    void anEmptyPlacementIsTolerant() {
        FailoverAssessment a = capacity.assess(SU, Map.of());
        assertTrue(a.tolerant());
        assertTrue(a.outcomes().isEmpty());
    }

    @Test
    void unknownScaleUnitsAndForeignNodesAreRefused() {
        FabricException unknown = assertThrows(FabricException.class,
                () -> capacity.assess(ScaleUnitId.of("su-9"), Map.of()));
        assertEquals(ErrorCode.NOT_FOUND, unknown.code());
        FabricException foreign = assertThrows(FabricException.class,
                () -> capacity.assess(SU, Map.of(NodeId.of("other-1"), List.of(vm("a", 1, 1)))));
        assertEquals(ErrorCode.INVALID_ARGUMENT, foreign.code());
        assertEquals("placement: node other-1 is not a node of scale unit su-1", foreign.getMessage());
    }
}
