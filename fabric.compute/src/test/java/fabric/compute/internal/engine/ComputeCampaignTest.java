package fabric.compute.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import fabric.api.compute.AvailabilitySetSpec;
import fabric.api.compute.NodeAllocation;
import fabric.api.compute.NodeVerdict;
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
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import fabric.api.topology.NodeState;
import fabric.compute.internal.placement.Fleet;
import fabric.compute.internal.hypervisor.EmbeddedHypervisor;
import fabric.compute.testing.Harness;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A seeded campaign of random operations (create, delete, resize, migrate, drain, node failure,
 * node return) against compute on the real membership, checking after every one: no node over
 * capacity (in compute's books and in the hypervisor drivers'), every running VM on an up node,
 * availability-set spread, N-1 whenever compute reports it, a refused operation journals nothing,
 * and the journal replays to the same state (incrementally after each operation, from scratch every
 * 1,000). A failure names the seed and the step.
 */
class ComputeCampaignTest {

    private static final ScaleUnitId SU = ScaleUnitId.of("su-1");
    private static final Set<ErrorCode> REFUSALS = EnumSet.of(ErrorCode.INSUFFICIENT_CAPACITY, ErrorCode.QUORUM_LOST,
            ErrorCode.FAILED_PRECONDITION);
    private static final int OPERATIONS = 10_000;

    private long seed;
    private int step;
    private Harness h;
    private Random random;
    private ComputeState shadow;
    private JournalTailer tailer;
    private final Map<String, Integer> counts = new HashMap<>();
    private String op;
    /** The journal's end before the operation proper (after any stop it needs first). */
    private long mark;

    @Test
    void tenThousandRandomOperationsKeepEveryInvariant() {
        seed = Long.getLong("fabric.campaign.seed", 20261125L);
        random = new Random(seed);
        h = Harness.of(5, 8, 96);
        List<Fleet.NodeShape> nodes = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            nodes.add(new Fleet.NodeShape(NodeId.of("node-" + i), 8 * 4, 96L << 30));
        }
        shadow = new ComputeState(new Fleet(List.of(new Fleet.UnitShape(SU, nodes))));
        tailer = h.journal.tail(0);
        for (String set : List.of("web", "db", "cache")) {
            h.compute.createAvailabilitySet(new AvailabilitySetSpec(set, 2 + random.nextInt(3), 1 + random.nextInt(5)));
        }
        for (step = 0; step < OPERATIONS; step++) {
            mark = h.journal.lastIndex();
            op = "";
            try {
                operate();
                counts.merge(op, 1, Integer::sum);
            } catch (FabricException e) {
                if (!REFUSALS.contains(e.code())) {
                    fail(where() + op + " failed unexpectedly: " + e.code() + " " + e.getMessage(), e);
                }
                assertEquals(mark, h.journal.lastIndex(), where() + "a refused " + op + " journaled: " + e.getMessage());
                counts.merge(op + " refused", 1, Integer::sum);
            }
            check();
            if (step % 1000 == 999) {
                assertEquals(ComputeEngineTest.withoutTimes(h.compute.list()),
                        ComputeEngineTest.withoutTimes(h.restarted().compute.list()), where() + "replay from scratch");
            }
        }
        System.out.println("campaign seed " + seed + ": " + new java.util.TreeMap<>(counts));
        for (String op : List.of("create", "delete", "resize", "migrate", "drain", "fail", "recover")) {
            assertTrue(counts.getOrDefault(op, 0) > 50, op + " ran " + counts.get(op) + " times: " + counts);
        }
        assertTrue(counts.getOrDefault("create refused", 0) > 50, "capacity never ran out: " + counts);
        assertTrue(counts.getOrDefault("drain refused", 0) > 10, "no drain was refused: " + counts);
    }

    private String where() {
        return "seed " + seed + " step " + step + ": ";
    }

    private void operate() {
        int dice = random.nextInt(100);
        List<VmStatus> vms = h.compute.list();
        if (dice < 40 || (vms.isEmpty() && dice < 82)) {
            op = "create";
            create();
            return;
        }
        VmStatus vm = vms.isEmpty() ? null : vms.get(random.nextInt(vms.size()));
        String name = vm == null ? null : vm.name();
        if (dice < 82 && vm == null) {
            throw new IllegalStateException("unreachable");
        }
        if (dice < 55) {
            op = "delete";
            if (vm.state() == VmState.RUNNING) {
                h.compute.stop(name);
                mark = h.journal.lastIndex();
            }
            h.compute.delete(name);
            return;
        }
        if (dice < 65) {
            op = "resize";
            if (vm.state() == VmState.RUNNING) {
                h.compute.stop(name);
                mark = h.journal.lastIndex();
            }
            h.compute.resize(name, 1 + random.nextInt(8), ByteSize.ofGiB(1 + random.nextInt(16)));
            return;
        }
        if (dice < 72) {
            op = "start-stop";
            if (vm.state() == VmState.RUNNING) {
                h.compute.stop(name);
            } else {
                h.compute.start(name);
            }
            return;
        }
        if (dice < 82) {
            op = "migrate";
            Optional<NodeId> target = random.nextBoolean() ? Optional.empty()
                    : Optional.of(NodeId.of("node-" + (1 + random.nextInt(5))));
            if (target.isPresent() && vm.node().equals(target)) {
                op = "noop";
                return;
            }
            h.compute.migrate(name, target);
            return;
        }
        NodeId node = NodeId.of("node-" + (1 + random.nextInt(5)));
        NodeState state = h.cluster.status(node).state();
        if (dice < 88) {
            op = "drain";
            h.compute.drainNode(node);
            return;
        }
        long down = h.cluster.statuses(SU).stream().filter(s -> s.state() == NodeState.DOWN).count();
        if (dice < 94) {
            op = "fail";
            // Mostly one or two nodes down (quorum holds); now and then a third (quorum lost).
            if (state == NodeState.DOWN || down >= 3 || (down == 2 && random.nextInt(4) != 0)) {
                op = "noop";
                return;
            }
            h.cluster.fail(node, "campaign");
            return;
        }
        op = "recover";
        if (state == NodeState.MAINTENANCE) {
            h.cluster.exitMaintenance(node);
        } else if (state == NodeState.DOWN) {
            h.cluster.recover(node);
        } else {
            op = "noop";
        }
    }

    private void create() {
        String name = "vm-" + step;
        VmSpec spec = VmSpec.of(name, 1 + random.nextInt(8), ByteSize.ofGiB(1 + random.nextInt(16)))
                .withPriority(VmPriority.values()[random.nextInt(3)]);
        if (random.nextInt(3) == 0) {
            spec = spec.inAvailabilitySet(List.of("web", "db", "cache").get(random.nextInt(3)));
        }
        if (random.nextInt(10) == 0) {
            spec = spec.withGroups(null, "spread-" + random.nextInt(2));
        }
        PlacementExplanation before = h.compute.explain(spec);
        VmStatus created = h.compute.create(spec);
        // Spread: no eligible node held fewer members of the set than the chosen one.
        NodeVerdict chosen = verdict(before, created.node().orElseThrow());
        assertEquals(1, chosen.rank(), where() + "the fast path chose another node than the reference");
        for (NodeVerdict v : before.nodes()) {
            if (v.eligible()) {
                assertTrue(v.setMembers() >= chosen.setMembers(), where() + "spread broken: " + before);
            }
        }
    }

    private static NodeVerdict verdict(PlacementExplanation why, NodeId node) {
        return why.nodes().stream().filter(v -> v.node().equals(node)).findFirst().orElseThrow();
    }

    private void check() {
        List<VmStatus> vms = h.compute.list();
        Map<NodeId, long[]> used = new HashMap<>();
        for (VmStatus s : vms) {
            if (s.state().holdsCapacity()) {
                long[] u = used.computeIfAbsent(s.node().orElseThrow(), k -> new long[2]);
                u[0] += s.spec().vcpus();
                u[1] += s.spec().memory().bytes();
            }
            if (s.state() == VmState.RUNNING) {
                assertEquals(NodeState.UP, h.cluster.status(s.node().orElseThrow()).state(), where() + s);
            }
            if (s.state().holdsCapacity()) {
                assertTrue(h.cluster.status(s.node().orElseThrow()).state() != NodeState.DOWN, where() + s);
            }
        }
        List<NodeAllocation> allocations = h.compute.allocations(SU);
        for (NodeAllocation a : allocations) {
            long[] u = used.getOrDefault(a.node(), new long[2]);
            assertTrue(u[0] <= a.vcpuCapacity() && u[1] <= a.memoryCapacity(), where() + a.node() + " over capacity");
            assertEquals(u[0], a.vcpuUsed(), where() + a);
            EmbeddedHypervisor driver = (EmbeddedHypervisor) h.compute.hypervisor(a.node());
            assertEquals(u[0], driver.vcpusUsed(), where() + "driver of " + a.node());
            assertEquals(u[1], driver.memoryUsed(), where() + "driver of " + a.node());
        }
        if (h.compute.failoverReserveHeld(SU)) {
            for (NodeAllocation lost : allocations) {
                assertTrue(restartable(lost.node(), vms, allocations), where() + "N-1 reported but losing "
                        + lost.node() + " strands VMs");
            }
        }
        for (JournalRecord r = tailer.next(); r != null; r = tailer.next()) {
            shadow.apply(r);
        }
        List<VmStatus> replayed = shadow.vms.values().stream().map(VmRecord::status).toList();
        assertEquals(ComputeEngineTest.withoutTimes(vms), ComputeEngineTest.withoutTimes(replayed),
                where() + "the journal does not replay to the same state");
    }

    /** First fit decreasing of the lost node's VMs into the other up nodes' headroom. */
    private boolean restartable(NodeId lost, List<VmStatus> vms, List<NodeAllocation> allocations) {
        List<VmStatus> victims = new ArrayList<>();
        for (VmStatus s : vms) {
            if (s.state().holdsCapacity() && s.node().orElseThrow().equals(lost)) {
                victims.add(s);
            }
        }
        victims.sort(Comparator.comparingLong((VmStatus s) -> s.spec().memory().bytes()).reversed());
        List<long[]> free = new ArrayList<>();
        for (NodeAllocation a : allocations) {
            if (!a.node().equals(lost) && a.state() == NodeState.UP) {
                free.add(new long[] {a.vcpuCapacity() - a.vcpuUsed(), a.memoryCapacity() - a.memoryUsed()});
            }
        }
        for (VmStatus s : victims) {
            boolean placed = false;
            for (long[] f : free) {
                if (!placed && f[0] >= s.spec().vcpus() && f[1] >= s.spec().memory().bytes()) {
                    f[0] -= s.spec().vcpus();
                    f[1] -= s.spec().memory().bytes();
                    placed = true;
                }
            }
            if (!placed) {
                return false;
            }
        }
        return true;
    }
}
