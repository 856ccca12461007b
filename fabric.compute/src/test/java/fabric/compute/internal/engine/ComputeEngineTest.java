package fabric.compute.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.compute.AvailabilitySetSpec;
import fabric.api.compute.DrainReport;
import fabric.api.compute.MigrationReport;
import fabric.api.compute.PlacementExplanation;
import fabric.api.compute.VmPriority;
import fabric.api.compute.VmSpec;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStatus;
import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.NodeState;
import fabric.compute.internal.hypervisor.EmbeddedHypervisor;
import fabric.compute.testing.Harness;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.Test;

class ComputeEngineTest {

    private static final ScaleUnitId SU = ScaleUnitId.of("su-1");
    private final Harness h = Harness.demo();

    private static VmSpec web(int i) {
        return VmSpec.of("web-" + i, 2, ByteSize.ofGiB(4)).inAvailabilitySet("web");
    }

    private NodeId nodeOf(String vm) {
        return h.compute.get(vm).node().orElseThrow();
    }

    @Test
    void availabilitySetSpreadsThenDrainMovesEveryVmLiveAndPausesTheNode() {
        h.compute.createAvailabilitySet(new AvailabilitySetSpec("web", 3, 5));
        Set<NodeId> nodes = new HashSet<>();
        for (int i = 1; i <= 3; i++) {
            VmStatus s = h.compute.create(web(i));
            assertEquals(VmState.RUNNING, s.state());
            assertEquals(i - 1, s.faultDomain());
            assertEquals(i - 1, s.updateDomain());
            nodes.add(s.node().orElseThrow());
        }
        assertEquals(3, nodes.size(), "one member per node");
        NodeId drained = nodeOf("web-1");

        DrainReport report = h.compute.drainNode(drained);
        assertEquals(1, report.migrations().size());
        MigrationReport m = report.migrations().get(0);
        assertEquals("web-1", m.vm());
        assertTrue(m.rounds() >= 1 && m.converged());
        assertTrue(m.blackout().compareTo(Duration.ZERO) > 0 && m.blackout().compareTo(Duration.ofMillis(10)) < 0);
        assertEquals(NodeState.MAINTENANCE, h.cluster.status(drained).state());
        for (VmStatus s : h.compute.list()) {
            assertEquals(VmState.RUNNING, s.state());
            assertFalse(s.node().orElseThrow().equals(drained));
        }
        assertEquals(Set.of("web-1", "web-2", "web-3").size(), h.compute.availabilitySets().get(0).membersPerNode().size(),
                "still spread over three nodes");
        assertTrue(((EmbeddedHypervisor) h.compute.hypervisor(drained)).guests().isEmpty());
        assertTrue(h.compute.endpoint("web-1").orElseThrow().running());
    }

    @Test
    void drainThatCannotPlaceEveryVmMovesNothingAndSaysWhy() {
        h.compute.create(VmSpec.of("pin", 2, ByteSize.ofGiB(4)).withGroups(null, "spread"));
        for (int i = 1; i <= 3; i++) {
            h.compute.create(VmSpec.of("spread-" + i, 2, ByteSize.ofGiB(4)).withGroups(null, "spread"));
        }
        NodeId node = nodeOf("pin");
        long before = h.journal.lastIndex();
        FabricException e = assertThrows(FabricException.class, () -> h.compute.drainNode(node));
        assertEquals(ErrorCode.INSUFFICIENT_CAPACITY, e.code());
        assertTrue(e.getMessage().contains("has nowhere to go"), e.getMessage());
        assertTrue(e.getMessage().contains("anti-affinity group spread"), e.getMessage());
        assertEquals(before, h.journal.lastIndex(), "nothing journaled");
        assertEquals(NodeState.UP, h.cluster.status(node).state());
        assertEquals(node, nodeOf("pin"));
    }

    @Test
    void nodeFailureRestartsItsVmsElsewhereByPriorityAndStrandedOnesWaitForTheNodeToReturn() {
        Harness small = Harness.of(5, 4, 64);
        // 16 vCPU per node; four 16-vCPU VMs fill four nodes (N-1 keeps the fifth free).
        small.compute.create(VmSpec.of("other", 16, ByteSize.ofGiB(8)));
        small.compute.create(VmSpec.of("low", 16, ByteSize.ofGiB(8)).withPriority(VmPriority.LOW));
        small.compute.create(VmSpec.of("high", 16, ByteSize.ofGiB(8)).withPriority(VmPriority.HIGH));
        small.compute.create(VmSpec.of("mid", 16, ByteSize.ofGiB(8)));
        assertTrue(small.compute.failoverReserveHeld(SU));
        FabricException full = assertThrows(FabricException.class,
                () -> small.compute.create(VmSpec.of("more", 16, ByteSize.ofGiB(8))));
        assertTrue(full.getMessage().contains("N-1 reserve"), full.getMessage());

        NodeId lowNode = small.compute.get("low").node().orElseThrow();
        small.cluster.fail(lowNode, "power");
        VmStatus low = small.compute.get("low");
        assertEquals(VmState.RUNNING, low.state(), "restarted on the spare node");
        assertFalse(low.node().orElseThrow().equals(lowNode));

        NodeId highNode = small.compute.get("high").node().orElseThrow();
        small.cluster.fail(highNode, "power");
        // Three nodes left (quorum holds) and all full: high priority displaces no one, so it waits.
        VmStatus high = small.compute.get("high");
        assertEquals(VmState.FAILED, high.state());
        assertTrue(high.reason().contains("no node can restart it"), high.reason());
        assertTrue(high.node().isEmpty());

        small.cluster.recover(lowNode);
        assertEquals(VmState.RUNNING, small.compute.get("high").state());
        assertEquals(lowNode, small.compute.get("high").node().orElseThrow());
    }

    @Test
    void whenRoomIsShortTheHighPriorityVmRestartsFirst() {
        Harness five = Harness.of(5, 4, 64);
        five.compute.create(VmSpec.of("a-low", 8, ByteSize.ofGiB(8)).withPriority(VmPriority.LOW).withGroups("pair", null));
        five.compute.create(VmSpec.of("z-high", 8, ByteSize.ofGiB(8)).withPriority(VmPriority.HIGH)
                .withGroups("pair", null));
        five.compute.create(VmSpec.of("c", 16, ByteSize.ofGiB(8)));
        five.compute.create(VmSpec.of("d", 16, ByteSize.ofGiB(8)));
        five.compute.create(VmSpec.of("e", 8, ByteSize.ofGiB(8)));
        assertEquals(NodeId.of("node-1"), five.compute.get("z-high").node().orElseThrow());
        five.cluster.fail(NodeId.of("node-5"), "empty node lost");
        five.cluster.fail(NodeId.of("node-1"), "power");
        // 8 vCPU are free, on node-4: the high priority VM takes them; its affinity partner cannot follow.
        assertEquals(VmState.RUNNING, five.compute.get("z-high").state());
        assertEquals(NodeId.of("node-4"), five.compute.get("z-high").node().orElseThrow());
        VmStatus low = five.compute.get("a-low");
        assertEquals(VmState.FAILED, low.state());
        assertTrue(low.reason().contains("node-2: affinity group pair runs on node-4")
                && low.reason().contains("node-4: needs 8 vCPU, 0 of 16 free"), low.reason());
        five.compute.stop("e");
        five.compute.delete("e");
        assertEquals(VmState.RUNNING, five.compute.get("a-low").state(), "room appeared next to its partner");
        assertEquals(NodeId.of("node-4"), five.compute.get("a-low").node().orElseThrow());
    }

    @Test
    void withoutQuorumChangesAreRefusedAndNothingIsJournaled() {
        h.compute.create(VmSpec.of("a", 1, ByteSize.ofGiB(1)));
        h.cluster.fail(NodeId.of("node-3"), "x");
        h.cluster.fail(NodeId.of("node-4"), "x");
        long before = h.journal.lastIndex();
        assertCode(ErrorCode.QUORUM_LOST, () -> h.compute.create(VmSpec.of("b", 1, ByteSize.ofGiB(1))));
        assertCode(ErrorCode.QUORUM_LOST, () -> h.compute.createAvailabilitySet(new AvailabilitySetSpec("s", 2, 2)));
        assertCode(ErrorCode.QUORUM_LOST, () -> h.compute.stop("a"));
        assertEquals(before, h.journal.lastIndex());
    }

    @Test
    void badRequestsGetOneLineAndChangeNothing() {
        h.compute.create(VmSpec.of("a", 2, ByteSize.ofGiB(2)));
        long before = h.journal.lastIndex();
        assertCode(ErrorCode.ALREADY_EXISTS, () -> h.compute.create(VmSpec.of("a", 2, ByteSize.ofGiB(2))));
        assertCode(ErrorCode.NOT_FOUND, () -> h.compute.create(web(1)));
        assertCode(ErrorCode.NOT_FOUND, () -> h.compute.start("nope"));
        assertCode(ErrorCode.FAILED_PRECONDITION, () -> h.compute.resize("a", 4, ByteSize.ofGiB(4)));
        assertCode(ErrorCode.FAILED_PRECONDITION, () -> h.compute.delete("a"));
        assertCode(ErrorCode.FAILED_PRECONDITION, () -> h.compute.start("a"));
        assertCode(ErrorCode.INSUFFICIENT_CAPACITY, () -> h.compute.create(VmSpec.of("huge", 200, ByteSize.ofGiB(2))));
        assertCode(ErrorCode.INVALID_ARGUMENT, () -> h.compute.createAvailabilitySet(new AvailabilitySetSpec("s", 5, 2)));
        assertCode(ErrorCode.FAILED_PRECONDITION, () -> h.compute.migrate("a", Optional.of(nodeOf("a"))));
        assertCode(ErrorCode.NOT_FOUND, () -> h.compute.migrate("a", Optional.of(NodeId.of("node-9"))));
        assertEquals(before, h.journal.lastIndex());
        h.compute.stop("a");
        assertCode(ErrorCode.INSUFFICIENT_CAPACITY, () -> h.compute.resize("a", 2, ByteSize.ofGiB(400)));
        assertEquals(2, h.compute.get("a").spec().memory().bytes() >> 30);
    }

    @Test
    void lifecycleMigrateResizeDeleteAndExplain() {
        h.compute.create(VmSpec.of("a", 2, ByteSize.ofGiB(2)));
        NodeId from = nodeOf("a");
        MigrationReport r = h.compute.migrate("a", Optional.empty());
        assertEquals(from, r.from());
        assertEquals(r.to(), nodeOf("a"));
        h.compute.stop("a");
        h.compute.resize("a", 8, ByteSize.ofGiB(16));
        assertEquals(8, h.compute.get("a").spec().vcpus());
        h.compute.start("a");
        assertEquals(8, ((EmbeddedHypervisor) h.compute.hypervisor(nodeOf("a"))).vcpusUsed());
        h.compute.restart("a");
        PlacementExplanation why = h.compute.explain("a");
        assertEquals(4, why.nodes().size());
        assertTrue(why.chosen().isPresent());
        h.compute.stop("a");
        h.compute.delete("a");
        assertCode(ErrorCode.NOT_FOUND, () -> h.compute.get("a"));
        assertEquals(0, h.compute.allocations(SU).stream().mapToLong(a -> a.vcpuUsed()).sum());
    }

    @Test
    void aCrashedGuestIsRestarted() {
        h.compute.create(VmSpec.of("a", 2, ByteSize.ofGiB(2)));
        ((EmbeddedHypervisor) h.compute.hypervisor(nodeOf("a"))).crash("a");
        assertEquals(VmState.RUNNING, h.compute.get("a").state());
        assertTrue(h.compute.get("a").reason().startsWith("restarted on"));
    }

    @Test
    void stateReplaysFromTheJournal() {
        h.compute.createAvailabilitySet(new AvailabilitySetSpec("web", 3, 5));
        for (int i = 1; i <= 5; i++) {
            h.compute.create(web(i));
        }
        h.compute.stop("web-2");
        h.compute.drainNode(nodeOf("web-3"));
        h.cluster.fail(nodeOf("web-4"), "x");
        Harness again = h.restarted();
        assertEquals(withoutTimes(h.compute.list()), withoutTimes(again.compute.list()));
        assertEquals(h.compute.allocations(SU), again.compute.allocations(SU));
        assertEquals(h.compute.availabilitySets(), again.compute.availabilitySets());
        for (VmStatus s : again.compute.list()) {
            assertEquals(s.state().running(), again.compute.endpoint(s.name()).orElseThrow().running());
        }
    }

    static List<String> withoutTimes(List<VmStatus> list) {
        return list.stream().map(s -> s.name() + " " + s.state() + " " + s.node() + " " + s.reason() + " "
                + s.spec() + " " + s.faultDomain() + "/" + s.updateDomain()).toList();
    }

    private static void assertCode(ErrorCode code, Executable action) {
        FabricException e = assertThrows(FabricException.class, action::execute);
        assertEquals(code, e.code(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
