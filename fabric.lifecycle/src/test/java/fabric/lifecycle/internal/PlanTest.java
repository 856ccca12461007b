package fabric.lifecycle.internal;

import fabric.api.compute.ComputeService;
import fabric.api.compute.VmMigrated;
import fabric.api.compute.VmSpec;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStatus;
import fabric.api.core.ByteSize;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.ResyncStatus;
import fabric.api.storage.StoragePool;
import fabric.api.storage.StorageService;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.lifecycle.EstimateBasis;
import fabric.api.lifecycle.NodePlan;
import fabric.api.lifecycle.PlanPhase;
import fabric.api.lifecycle.PlannedStep;
import fabric.api.lifecycle.UpdatePlan;
import fabric.api.oem.ApplyTime;
import fabric.api.oem.BaseboardController;
import fabric.api.oem.ComponentTarget;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import fabric.api.topology.NodeState;
import fabric.lifecycle.internal.bmc.SimulatedBmc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dry-run plan: one node at a time, vendor steps with reasons and estimates, and nothing changes. */
class PlanTest {

    final TestTopology topology = new TestTopology("dell", "AX-760", 4);
    final LifecycleComponent lifecycle = new LifecycleComponent(topology, ComplianceTest.CLOCK);

    PlanTest() {
        Providers.register(lifecycle.registry(), Providers.DELL.data());
    }

    static List<String> phases(NodePlan p) {
        List<String> out = new ArrayList<>();
        for (PlannedStep s : p.steps()) {
            out.add(s.phase() + " " + s.action());
        }
        return out;
    }

    @Test
    void drainIsEstimatedFromTheNodesVmsAndTheMeasuredMigrationRate() {
        MemoryJournal journal = new MemoryJournal(ComplianceTest.CLOCK);
        LifecycleComponent l = new LifecycleComponent(topology, journal, ComplianceTest.CLOCK);
        Providers.register(l.registry(), Providers.DELL.data());
        VmStatus vm = new VmStatus(VmSpec.of("web-1", 2, ByteSize.ofGiB(4)), VmState.RUNNING,
                Optional.of(NodeId.of("node-1")), "", Instant.EPOCH, -1, -1);
        ComputeService compute = RunFixture.proxy(ComputeService.class, (name, args) -> switch (name) {
            case "list" -> List.of(vm);
            default -> throw new UnsupportedOperationException(name);
        });
        l.setCompute(compute);
        UpdatePlan before = l.plan(TestTopology.SU, "24.07");
        PlannedStep assumed = before.nodes().get(0).steps().get(6);
        assertEquals(Duration.ofSeconds(4), assumed.estimate(), "no migration measured yet: 4 GiB at the 1 GiB/s setting");
        assertEquals(EstimateBasis.SETTING, assumed.basis());
        assertTrue(assumed.reason().endsWith("; 1 VM(s), 4 GiB of memory at the assumed (nothing measured yet) 1 GiB/s"),
                assumed.reason());
        assertTrue(before.notEstimated().stream().noneMatch(s -> s.contains("drain")), before.notEstimated().toString());
        assertEquals(Duration.ZERO, before.nodes().get(1).steps().get(6).estimate(), "node-2 runs no VM");

        journal.append(VmMigrated.TYPE, new VmMigrated("db-1", "node-3", "node-4", 2, 1L << 30, Duration.ofMillis(10),
                Duration.ofSeconds(2), true));
        UpdatePlan after = l.plan(TestTopology.SU, "24.07");
        PlannedStep drain = after.nodes().get(0).steps().get(6);
        assertEquals(PlanPhase.DRAIN, drain.phase());
        assertEquals(Duration.ofSeconds(8), drain.estimate(), "4 GiB at 1 GiB per 2 s");
        assertEquals(EstimateBasis.MEASURED, drain.basis());
        assertTrue(drain.reason().endsWith("; 1 VM(s), 4 GiB of memory at the measured 512 MiB/s"), drain.reason());
        assertEquals(before.nodes().get(0).estimate().plus(Duration.ofSeconds(4)), after.nodes().get(0).estimate());
        assertTrue(after.notEstimated().stream().noneMatch(s -> s.contains("drain")), after.notEstimated().toString());
        l.unsetCompute(compute);
        assertTrue(l.plan(TestTopology.SU, "24.07").notEstimated().contains("node-2: drain (live migration of its VMs)"
                + " - needs fabric.compute"), "the compute service went away");
    }

    @Test
    void storageResyncIsEstimatedFromThePoolsWriteAndResyncRatesOverThePlannedDowntime() {
        // The node holds 20 of the pool's 80 GiB; the pool writes 40 MiB/s of column bytes; repairs
        // measured 100 MiB/s.
        long gib = 1L << 30;
        MaintenanceImpact impact = new MaintenanceImpact(NodeId.of("node-1"), List.of(), 20 * gib, 40L << 20,
                new ResyncStatus(0, 100L << 20, true, Duration.ZERO), 80 * gib);
        StorageService storage = RunFixture.proxy(StorageService.class, (name, args) -> switch (name) {
            case "pool" -> RunFixture.proxy(StoragePool.class, (n, a) -> switch (n) {
                case "maintenanceImpact" -> new MaintenanceImpact((NodeId) a[0], impact.volumes(), impact.bytesOnNode(),
                        impact.columnWriteBytesPerSecond(), impact.resync(), impact.poolWrittenBytes());
                default -> throw new UnsupportedOperationException(n);
            });
            default -> throw new UnsupportedOperationException(name);
        });
        UpdatePlan without = lifecycle.plan(TestTopology.SU, "24.07");
        assertTrue(without.notEstimated().contains("node-1: storage resync - needs fabric.s2d"),
                without.notEstimated().toString());
        lifecycle.setStorage(storage);
        UpdatePlan plan = lifecycle.plan(TestTopology.SU, "24.07");
        NodePlan first = plan.nodes().get(0);
        PlannedStep resync = first.steps().get(first.steps().size() - 1);
        assertEquals(PlanPhase.STORAGE_RESYNC, resync.phase());
        // Away from entering maintenance to leaving it (the steps' own estimates); a quarter of the
        // pool's 40 MiB/s lands on the node, resynced at 100 MiB/s: a tenth of the downtime.
        Duration away = Duration.ZERO;
        boolean out = false;
        for (PlannedStep st : first.steps()) {
            out |= st.phase() == PlanPhase.ENTER_MAINTENANCE;
            if (out && st.phase() != PlanPhase.STORAGE_RESYNC) {
                away = away.plus(st.estimate());
            }
        }
        assertTrue(away.compareTo(Duration.ofMinutes(10)) > 0, away.toString());
        assertEquals(away.dividedBy(10), resync.estimate());
        assertEquals(EstimateBasis.MEASURED, resync.basis());
        assertTrue(resync.reason().contains("written to its columns in " + away + " at the pool's measured 40 MiB/s,"
                + " resynced at 100 MiB/s (measured by the last repairs)"), resync.reason());
        assertTrue(plan.notEstimated().stream().noneMatch(n -> n.contains("resync")), plan.notEstimated().toString());
        assertEquals(without.nodes().get(0).estimate().plus(away.dividedBy(10)), first.estimate());
        lifecycle.unsetStorage(storage);
        assertTrue(lifecycle.plan(TestTopology.SU, "24.07").notEstimated().contains(
                "node-1: storage resync - needs fabric.s2d"), "the storage service went away");
    }

    @Test
    void factoryTo2407NodeByNode() {
        UpdatePlan plan = lifecycle.plan(TestTopology.SU, "24.07");
        assertEquals(4, plan.nodes().size());
        NodePlan first = plan.nodes().get(0);
        assertEquals(List.of(
                "PRE_CHECK check quorum, N-1 headroom and volume health",
                "ONLINE stage idrac 7.10.70.00 (idrac-7-10-70-00)",
                "ONLINE stage bios 2.2.7 (bios-2-2-7)",
                "ONLINE stage nic-cx6 26.41.10.00 (nic-cx6-26-41-10-00)",
                "ONLINE stage nvme-p5620 2.2.0 (nvme-p5620-2-2-0)",
                "ONLINE apply idrac 7.10.70.00 now",
                "DRAIN drain node-1",
                "ENTER_MAINTENANCE pause node-1 and its storage",
                "OFFLINE apply bios 2.2.7 on reset",
                "OFFLINE apply nic-cx6 26.41.10.00 on reset",
                "OFFLINE apply nvme-p5620 2.2.0 on reset",
                "OFFLINE reboot, activating bios 2.2.7, nic-cx6 26.41.10.00, nvme-p5620 2.2.0",
                "POST_CHECK read the BMC inventory",
                "EXIT_MAINTENANCE resume node-1 and its storage",
                "STORAGE_RESYNC wait for the storage resync of node-1"), phases(first));
        // Vendor estimates: 4 stages of 60 s, iDRAC 600 s, BIOS 300 s, NIC 180 s, drive 120 s, reboot 480 s;
        // entering and leaving maintenance 30 s each from the settings.
        assertEquals(Duration.ofSeconds(4 * 60 + 600 + 300 + 180 + 120 + 480 + 30 + 30), first.estimate());
        assertEquals(List.of(EstimateBasis.NONE, EstimateBasis.VENDOR, EstimateBasis.VENDOR, EstimateBasis.VENDOR,
                EstimateBasis.VENDOR, EstimateBasis.VENDOR, EstimateBasis.NONE, EstimateBasis.SETTING,
                EstimateBasis.VENDOR, EstimateBasis.VENDOR, EstimateBasis.VENDOR, EstimateBasis.VENDOR,
                EstimateBasis.NONE, EstimateBasis.SETTING, EstimateBasis.NONE), first.steps().stream()
                        .map(PlannedStep::basis).toList());
        assertEquals(first.estimate().multipliedBy(4), plan.estimate());
        assertNull(first.steps().get(6).estimate(), "drain is not estimated");
        assertEquals("quorum has 4 of 4 votes, 3 with node-1 out (3 needed)", first.steps().get(0).reason());
        assertEquals(8, plan.notEstimated().size());
        assertEquals("node-1: drain (live migration of its VMs) - needs fabric.compute", plan.notEstimated().get(0));
        // Indices run across the whole plan, node after node.
        assertEquals(16, plan.nodes().get(1).steps().get(0).index());
        assertEquals(NodeId.of("node-4"), plan.nodes().get(3).node());
    }

    @Test
    void aDryRunChangesNothing() {
        lifecycle.compliance(TestTopology.SU, null);
        List<NodeInventory> before = inventories();
        lifecycle.plan(TestTopology.SU, "24.07");
        lifecycle.plan(TestTopology.SU, null);
        assertEquals(before, inventories());
        for (int i = 1; i <= 4; i++) {
            SimulatedBmc bmc = (SimulatedBmc) lifecycle.baseboards().existing(NodeId.of("node-" + i)).orElseThrow();
            assertEquals(List.of(), bmc.tasks());
        }
    }

    private List<NodeInventory> inventories() {
        List<NodeInventory> out = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            out.add(lifecycle.baseboards().existing(NodeId.of("node-" + i)).orElseThrow().inventory());
        }
        return out;
    }

    @Test
    void compliantNodesAreSkipped() {
        UpdatePlan toFactory = lifecycle.plan(TestTopology.SU, "23.11");
        for (NodePlan p : toFactory.nodes()) {
            assertEquals("compliant with 23.11 already", p.skipped());
        }
        assertEquals(Duration.ZERO, toFactory.estimate());
        assertEquals(List.of(), toFactory.notEstimated());
    }

    @Test
    void aBmcOnlyUpdateNeedsNoDrain() {
        lifecycle.compliance(TestTopology.SU, null);
        BaseboardController bmc = lifecycle.baseboards().existing(NodeId.of("node-1")).orElseThrow();
        for (String[] cv : new String[][] {{"bios", "2.2.7"}, {"nic-cx6", "26.41.10.00"}, {"nvme-p5620", "2.2.0"}}) {
            PackageDescriptor p = Providers.DELL.entry(cv[0], cv[1]);
            bmc.stage(Providers.DELL.signed(p));
            bmc.apply(new ComponentTarget(cv[0], p.version()), ApplyTime.ON_RESET);
        }
        bmc.reboot();
        NodePlan node1 = lifecycle.plan(TestTopology.SU, "24.07").nodes().get(0);
        assertEquals(List.of("PRE_CHECK check quorum, N-1 headroom and volume health",
                "ONLINE stage idrac 7.10.70.00 (idrac-7-10-70-00)", "ONLINE apply idrac 7.10.70.00 now",
                "POST_CHECK read the BMC inventory"), phases(node1));
        assertEquals("BMC image activates at once, without a host reboot, while the node runs",
                node1.steps().get(2).reason());
        assertEquals(Duration.ofSeconds(60 + 600), node1.estimate());
    }

    @Test
    void aStepTheBmcAlreadyShowsIsNotPlannedAgain() {
        lifecycle.compliance(TestTopology.SU, null);
        BaseboardController bmc = lifecycle.baseboards().existing(NodeId.of("node-2")).orElseThrow();
        bmc.stage(Providers.DELL.signed(Providers.DELL.entry("bios", "2.2.7")));
        List<String> node2 = phases(lifecycle.plan(TestTopology.SU, "24.07").nodes().get(1));
        assertTrue(!node2.contains("ONLINE stage bios 2.2.7 (bios-2-2-7)"), node2.toString());
        assertTrue(node2.contains("OFFLINE apply bios 2.2.7 on reset"), node2.toString());
        assertEquals(14, node2.size());
    }

    @Test
    void aDownNodeIsSkippedAndQuorumIsNeverBroken() {
        topology.set("node-2", NodeState.DOWN);
        UpdatePlan plan = lifecycle.plan(TestTopology.SU, null);
        assertEquals("node-2 is DOWN; it is updated once it is up", plan.nodes().get(1).skipped());
        // With node-2 down, 3 of 4 votes remain and 3 are needed: no other node may leave.
        assertTrue(plan.nodes().get(0).skipped().startsWith("taking node-1 out now would leave 2 of 4 votes"),
                plan.nodes().get(0).skipped());
        assertEquals(Duration.ZERO, plan.estimate());
        for (NodePlan p : plan.nodes()) {
            assertTrue(p.steps().isEmpty());
        }
    }

    @Test
    void rebootAndLeavingMaintenanceAreEstimatedFromTheDurationsMeasuredInEarlierRuns() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
        MemoryJournal journal = new MemoryJournal(clock);
        // Each host takes 200 s to boot, leaving maintenance 12 s: the clock moves inside those steps.
        fabric.api.journal.Journal slow = new fabric.api.journal.Journal() {
            @Override
            public <E extends Record> long append(fabric.api.journal.EventType<E> type, E event) {
                if (event instanceof fabric.lifecycle.internal.bmc.BmcChanged b
                        && b.change() == fabric.lifecycle.internal.bmc.BmcChanged.Change.REBOOTED) {
                    clock.advance(Duration.ofSeconds(200));
                } else if (event instanceof RunFixture.NodeStateSet n && n.state() == NodeState.UP) {
                    clock.advance(Duration.ofSeconds(12));
                }
                return journal.append(type, event);
            }

            @Override
            public long lastIndex() {
                return journal.lastIndex();
            }

            @Override
            public fabric.api.journal.JournalTailer tail(long fromIndex) {
                return journal.tail(fromIndex);
            }

            @Override
            public fabric.api.journal.JournalTailer tailFromEnd() {
                return journal.tailFromEnd();
            }

            @Override
            public List<fabric.api.journal.JournalRecord> latest(int count) {
                return journal.latest(count);
            }
        };
        RunFixture run = new RunFixture(slow, 4, clock);
        run.engine.start(TestTopology.SU, null, RunFixture.hookedSettings(RunFixture.packages(java.nio.file.Files
                .createTempDirectory("plan-test"))));
        run.drive(10_000);
        assertEquals(fabric.api.lifecycle.RunState.SUCCEEDED, run.engine.status().orElseThrow().state());
        // A fifth node, still at its factory firmware, planned with what the run measured.
        TestTopology five = new TestTopology("dell", "AX-760", 5);
        LifecycleComponent l = new LifecycleComponent(five, journal, clock);
        Providers.register(l.registry(), Providers.DELL.data());
        NodePlan node5 = l.plan(TestTopology.SU, "24.07").nodes().get(4);
        PlannedStep reboot = node5.steps().stream().filter(s -> s.action().startsWith("reboot")).findFirst()
                .orElseThrow();
        assertEquals(EstimateBasis.MEASURED, reboot.basis());
        assertEquals(Duration.ofSeconds(200), reboot.estimate());
        assertEquals(Duration.ofSeconds(12), node5.steps().stream().filter(s -> s.phase() == PlanPhase.EXIT_MAINTENANCE)
                .findFirst().orElseThrow().estimate());
        assertTrue(reboot.reason().endsWith("a reboot of AX-760: the mean of 4 measured in earlier runs"),
                reboot.reason());
        PlannedStep exit = node5.steps().stream().filter(s -> s.phase() == PlanPhase.EXIT_MAINTENANCE).findFirst()
                .orElseThrow();
        assertEquals(EstimateBasis.MEASURED, exit.basis());
        assertTrue(exit.reason().endsWith("leaving maintenance: the mean of 4 measured in earlier runs"), exit.reason());
        PlannedStep enter = node5.steps().stream().filter(s -> s.phase() == PlanPhase.ENTER_MAINTENANCE).findFirst()
                .orElseThrow();
        assertEquals(EstimateBasis.SETTING, enter.basis(), "entering maintenance is part of the drain step in a run");
        // With the run's hooks: the audit hook's calls were measured (inline: no time), "never" was never called.
        UpdatePlan hooked = l.plan(TestTopology.SU, "24.07", List.of("audit"), List.of("audit", "never"));
        List<PlannedStep> steps = hooked.nodes().get(4).steps();
        assertEquals(PlanPhase.PRE_HOOK, steps.get(1).phase());
        assertEquals("call pre-update hook audit", steps.get(1).action());
        assertEquals(EstimateBasis.MEASURED, steps.get(1).basis());
        assertEquals(Duration.ZERO, steps.get(1).estimate());
        PlannedStep never = steps.get(steps.size() - 1);
        assertEquals("call post-update hook never", never.action());
        assertEquals(EstimateBasis.NONE, never.basis());
        assertTrue(hooked.notEstimated().contains("node-5: hook never - no call of hook never measured yet"),
                hooked.notEstimated().toString());
        assertEquals(steps.size(), node5.steps().size() + 3);
        assertEquals(fabric.api.core.ErrorCode.INVALID_ARGUMENT, org.junit.jupiter.api.Assertions.assertThrows(
                fabric.api.core.FabricException.class, () -> l.plan(TestTopology.SU, null, List.of("x", "x"),
                        List.of())).code());
        // Journaled per step: the run's history says how long each step took.
        assertTrue(run.engine.history(2000).stream().anyMatch(e -> e.text().matches("step \\d+ done: reboot.*\\(took"
                + " PT3M20S\\)")), "the reboot steps took 200 s");
    }

    @Test
    void withoutTheProviderEveryNodeWaits() {
        TestTopology t = new TestTopology("dell", "AX-760", 4);
        UpdatePlan plan = new LifecycleComponent(t, ComplianceTest.CLOCK).plan(TestTopology.SU, null);
        for (NodePlan p : plan.nodes()) {
            assertEquals("unavailable: waiting for provider dell", p.skipped());
        }
        assertTrue(plan.nodes().stream().allMatch(p -> p.steps().isEmpty()));
        assertEquals(10, PlanPhase.values().length);
    }
}
