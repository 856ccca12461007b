package fabric.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.lifecycle.DrainPolicy;
import fabric.api.lifecycle.RunSettings;
import fabric.api.lifecycle.RunState;
import fabric.api.lifecycle.RunStatus;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.PackageDescriptor;
import fabric.api.storage.VolumeHealth;
import fabric.api.topology.NodeState;
import fabric.lifecycle.internal.RunEvents.StepStarted;
import fabric.lifecycle.internal.bmc.BmcChanged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import oem.kit.tool.PackageBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The update run engine over four Dell nodes with fakes of membership, compute and storage. */
class RunEngineTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    Path packages;
    MemoryJournal journal;
    RunFixture f;

    @BeforeEach
    void setUp() throws Exception {
        packages = RunFixture.packages(tmp.resolve("firmware"));
        journal = new MemoryJournal(CLOCK);
        f = new RunFixture(journal, 4, CLOCK);
    }

    RunStatus status() {
        return f.engine.status().orElseThrow();
    }

    static FirmwareVersion installed(RunFixture f, String node, String component) {
        return f.lifecycle.baseboards().existing(NodeId.of(node)).orElseThrow().inventory().component(component)
                .map(InstalledFirmware::version).orElseThrow();
    }

    @Test
    void updatesEveryNodeOneAtATimeEachStepOnce() {
        f.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
        f.drive(10_000);
        RunStatus s = status();
        assertEquals(RunState.SUCCEEDED, s.state(), s.detail());
        assertEquals(56, s.stepsDone());
        assertEquals(4, s.nodesDone());
        assertEquals(1, f.maxOut, "never two nodes out");
        for (int n = 1; n <= 4; n++) {
            assertEquals(FirmwareVersion.of("2.2.7"), installed(f, "node-" + n, "bios"));
            assertEquals(NodeState.UP, f.topology.status(NodeId.of("node-" + n)).state());
        }
        List<StepStarted> started = journal.events(StepStarted.TYPE);
        assertEquals(56, started.size());
        assertEquals(56, started.stream().map(StepStarted::seq).distinct().count(), "every step started once");
        assertEquals(4 * 9, journal.events(BmcChanged.TYPE).size(), "4 stages, 1 apply now, 3 on reset, 1 reboot");
        assertEquals(4, journal.events(RunFixture.NodeStateSet.TYPE).stream().filter(RunFixture.NodeStateSet::drained)
                .count());
        // A second run finds every node compliant and skips each with the reason.
        f.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
        f.drive(100);
        assertEquals(RunState.SUCCEEDED, status().state());
        assertEquals(0, status().stepsPlanned());
        assertTrue(f.engine.history(4).get(0).text().contains("compliant with 24.07 already"),
                f.engine.history(4).toString());
    }

    @Test
    void waitsForTheResyncWithoutStartingTheStepAgain() {
        f.resyncPolls = 3;
        f.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
        f.drive(10_000);
        assertEquals("14 wait until every volume is healthy again (resync of what node-1 missed)", status().step());
        assertEquals(RunState.RUNNING, status().state());
        assertFalse(f.engine.tick());
        assertFalse(f.engine.tick());
        f.drive(10_000);
        assertEquals("28 wait until every volume is healthy again (resync of what node-2 missed)", status().step());
        assertEquals(1, journal.events(StepStarted.TYPE).stream().filter(e -> e.seq() == 14).count());
    }

    @Test
    void aResyncInFlightHoldsThePreCheckAndADegradedVolumeFailsIt() {
        f.volumeHealth = VolumeHealth.RESYNCING;
        f.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
        assertEquals(1, f.drive(100), "only node-1's plan");
        assertEquals(RunState.RUNNING, status().state());
        f.volumeHealth = VolumeHealth.DEGRADED;
        f.drive(100);
        RunStatus s = status();
        assertEquals(RunState.FAILED, s.state());
        assertTrue(s.failedNodes().get(0).contains("volume vol-1 is degraded: stale regions"), s.failedNodes()
                .toString());
        assertEquals(NodeState.UP, f.topology.status(NodeId.of("node-1")).state(), "never drained");
    }

    @Test
    void pauseAndCancelTakeEffectAtAStepBoundary() {
        f.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
        for (int i = 0; i < 10; i++) {
            f.engine.tick();
        }
        f.engine.pause();
        assertFalse(f.engine.tick());
        int done = status().stepsDone();
        assertEquals(RunState.PAUSED, status().state());
        assertThrows(FabricException.class, f.engine::pause);
        f.engine.resume();
        f.engine.tick();
        assertEquals(done + 1, status().stepsDone());
        assertEquals(NodeState.MAINTENANCE, f.topology.status(NodeId.of("node-1")).state());
        RunStatus c = f.engine.cancel();
        assertEquals(RunState.CANCELLED, c.state());
        assertTrue(c.detail().contains("node-1 is left in maintenance"), c.detail());
        assertFalse(f.engine.tick());
        assertThrows(FabricException.class, f.engine::resume);
    }

    @Test
    void aStoppedProviderHoldsTheRunWhichGoesOnWithTheNewOne() {
        f.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
        for (int i = 0; i < 20; i++) {
            f.engine.tick();
        }
        Vendor old = f.lifecycle.registry().complete("dell").orElseThrow();
        f.dell.withdraw(f.lifecycle.registry());
        assertFalse(old.isValid());
        assertFalse(f.engine.tick());
        RunStatus s = status();
        assertEquals(RunState.WAITING, s.state());
        assertEquals("waiting for provider dell", s.detail());
        int done = s.stepsDone();
        assertFalse(f.engine.tick());
        assertEquals(done, status().stepsDone(), "nothing moves while the provider is away");
        assertThrows(FabricException.class, old::sequencer, "a stale handle fails fast");
        Providers.register(f.lifecycle.registry(), RunFixture.DELL.data());
        f.drive(10_000);
        assertEquals(RunState.SUCCEEDED, status().state());
        assertEquals(56, journal.events(StepStarted.TYPE).stream().map(StepStarted::seq).distinct().count());
        assertEquals(56, journal.events(StepStarted.TYPE).size(), "every step exactly once");
        assertTrue(f.engine.history(1000).stream().anyMatch(e -> e.text().equals("run running: no longer waiting for"
                + " provider dell")));
    }

    @Test
    void aProviderStoppedInsideAValidationChangesNothingAndTheStepRunsOnceWithTheNextOne() {
        f.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
        f.engine.tick(); // node-1 planned
        f.engine.tick(); // pre-check
        // Swap in a validator whose bundle stops while it validates the first package (stage of the iDRAC image).
        ProviderRegistry registry = f.lifecycle.registry();
        registry.removeValidator(f.dell.validator(), "dell");
        fabric.api.oem.FirmwareValidator stopping = new fabric.api.oem.FirmwareValidator() {
            @Override
            public String vendor() {
                return "dell";
            }

            @Override
            public fabric.api.oem.ValidationResult validatePackage(fabric.api.oem.FirmwarePackage pkg) {
                fabric.api.oem.ValidationResult r = f.dell.validator().validatePackage(pkg);
                f.dell.withdraw(registry);
                registry.removeValidator(this, "dell");
                return r;
            }

            @Override
            public fabric.api.oem.ValidationResult validate(fabric.api.oem.FirmwarePackage pkg,
                    fabric.api.oem.NodeInventory node, fabric.api.oem.CertifiedBaseline target, boolean downgrade) {
                return f.dell.validator().validate(pkg, node, target, downgrade);
            }
        };
        registry.addValidator(stopping, "dell", "oem.dell 1.0.0");
        assertFalse(f.engine.tick());
        assertEquals("waiting for provider dell", status().detail());
        InstalledFirmware idrac = f.lifecycle.baseboards().existing(NodeId.of("node-1")).orElseThrow().inventory()
                .component("idrac").orElseThrow();
        assertEquals(null, idrac.staged(), "the stale provider's verdict staged nothing");
        assertEquals(0, journal.events(BmcChanged.TYPE).size());
        Providers.register(registry, RunFixture.DELL.data());
        f.drive(10_000);
        assertEquals(RunState.SUCCEEDED, status().state());
        assertEquals(56, journal.events(StepStarted.TYPE).size(), "every step exactly once");
        assertEquals(0, journal.events(RunEvents.StepFailed.TYPE).size());
    }

    @Test
    void aRejectedPackageFailsTheNodeAndRollsBackWhatItStaged() throws Exception {
        PackageDescriptor bios = RunFixture.DELL.entry("bios", "2.2.7");
        Files.write(packages.resolve(bios.packageId() + ".fwpkg"), PackageBuilder.of(bios)
                .signedWith(RunFixture.DELL.key()).tamperedPayload().build());
        f.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
        f.drive(10_000);
        RunStatus s = status();
        assertEquals(RunState.FAILED, s.state());
        assertEquals(2, journal.events(RunEvents.StepFailed.TYPE).size(), "one retry");
        String why = s.failedNodes().get(0);
        assertTrue(why.startsWith("node-1: step 3 (stage bios 2.2.7 (bios-2-2-7)) failed: package bios-2-2-7 rejected"),
                why);
        assertTrue(why.contains("rolled back idrac to 7.00.00.00"), why);
        InstalledFirmware idrac = f.lifecycle.baseboards().existing(NodeId.of("node-1")).orElseThrow().inventory()
                .component("idrac").orElseThrow();
        assertEquals(null, idrac.staged());
        assertEquals(NodeState.UP, f.topology.status(NodeId.of("node-1")).state());
        assertEquals(0, f.maxOut);
    }

    @Test
    void aFailureAfterTheDrainLeavesTheNodeInMaintenanceAndStopsTheRun() {
        f.refuseExit = true;
        f.engine.start(TestTopology.SU, null, new RunSettings(3, 0, List.of(), Duration.ofMinutes(5),
                DrainPolicy.ABORT, packages.toString()));
        f.drive(10_000);
        RunStatus s = status();
        assertEquals(RunState.FAILED, s.state());
        assertTrue(s.detail().startsWith("node-1: step 13 (take node-1 and its storage out of maintenance) failed:"
                + " node-1 cannot leave maintenance"), s.detail());
        assertTrue(s.detail().endsWith("node-1 is left in maintenance"), s.detail());
        assertEquals(NodeState.MAINTENANCE, f.topology.status(NodeId.of("node-1")).state());
        assertEquals(NodeState.UP, f.topology.status(NodeId.of("node-2")).state(), "the run went no further");
    }

    @Test
    void aDrainThatCannotMoveEverythingFailsTheNodeWhichStaysInService() {
        f.drainRefusal = "vm-a has nowhere to go";
        f.engine.start(TestTopology.SU, null, new RunSettings(1, 0, List.of(NodeId.of("node-4"), NodeId.of("node-3"),
                NodeId.of("node-2"), NodeId.of("node-1")), Duration.ofMinutes(5), DrainPolicy.ABORT,
                packages.toString()));
        f.drive(10_000);
        RunStatus s = status();
        assertEquals(RunState.FAILED, s.state());
        assertEquals(2, s.failedNodes().size(), "one failure allowed, the second stops the run");
        assertTrue(s.failedNodes().get(0).startsWith("node-4: step 7 (drain node-4"), s.failedNodes().toString());
        assertEquals(0, f.maxOut);
    }

    @Test
    void aHostThatDoesNotComeBackWithinTheRebootTimeoutFailsTheStepWhichIsRetried() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
        MemoryJournal j = new MemoryJournal(clock);
        RunFixture r = new RunFixture(j, 4, clock);
        r.engine.start(TestTopology.SU, null, new RunSettings(0, 1, List.of(), Duration.ofMinutes(10),
                DrainPolicy.ABORT, packages.toString()));
        for (int i = 0; i < 11; i++) {
            r.engine.tick(); // plan, pre-check, 5 online steps, drain, 3 applies on reset
        }
        r.lifecycle.baseboards().simulated(NodeId.of("node-1"), RunFixture.DELL.profile("AX-760")).hangBoots(1);
        assertFalse(r.engine.tick(), "the host is booting");
        assertEquals("11 reboot, activating bios 2.2.7, nic-cx6 26.41.10.00, nvme-p5620 2.2.0",
                r.engine.status().orElseThrow().step());
        clock.advance(Duration.ofMinutes(9));
        assertFalse(r.engine.tick(), "still within the timeout");
        clock.advance(Duration.ofMinutes(2));
        assertTrue(r.engine.tick());
        assertEquals(List.of("node-1 did not come back within the reboot timeout of PT10M"),
                j.events(RunEvents.StepFailed.TYPE).stream().map(RunEvents.StepFailed::reason).toList());
        r.drive(10_000);
        assertEquals(RunState.SUCCEEDED, r.engine.status().orElseThrow().state());
        assertEquals(FirmwareVersion.of("2.2.7"), installed(r, "node-1", "bios"));
    }

    @Test
    void aSequencerThatRefusesFailsTheNodeBeforeItIsTouched() {
        ProviderRegistry registry = f.lifecycle.registry();
        registry.removeSequencer(f.dell.sequencer(), "dell");
        registry.addSequencer(new fabric.api.oem.UpdateSequencer() {
            @Override
            public String vendor() {
                return "dell";
            }

            @Override
            public String summary() {
                return "refuses";
            }

            @Override
            public List<fabric.api.oem.UpdateStep> sequence(fabric.api.oem.NodeInventory node,
                    List<PackageDescriptor> packages) {
                throw FabricException.invalid("packages", "two packages for one component");
            }
        }, "dell", "oem.dell 1.0.0");
        f.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
        f.drive(10_000);
        RunStatus s = status();
        assertEquals(RunState.FAILED, s.state());
        assertEquals(List.of("node-1: provider dell could not sequence the update: packages: two packages for one"
                + " component"), s.failedNodes());
        assertEquals(0, f.maxOut);
    }

    @Test
    void aVmWithNoRoomElsewhereFailsThePreCheckBeforeAnythingMoves() {
        f.stuckVm = "vm-a";
        f.vcpuCapacity = 1;
        f.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
        f.drive(10_000);
        RunStatus s = status();
        assertEquals(RunState.FAILED, s.state());
        assertEquals(1, s.failedNodes().size());
        assertTrue(s.failedNodes().get(0).startsWith("node-1: step 1 (") && s.failedNodes().get(0).endsWith(
                "no other up node of su-1 has room for vm-a of node-1"), s.failedNodes().toString());
        assertEquals(0, f.drains);
        assertEquals(0, f.maxOut);
    }

    @Test
    void aForcedDrainStopsTheVmsThatCannotMove() {
        f.drainRefusal = "vm-a has nowhere to go";
        f.stuckVm = "vm-a";
        f.vcpuCapacity = 1; // By the allocations too: the admission check lets a forced run through.
        f.engine.start(TestTopology.SU, null, new RunSettings(0, 0, List.of(), Duration.ofMinutes(5),
                DrainPolicy.FORCE, packages.toString()));
        f.drive(10_000);
        assertEquals(RunState.SUCCEEDED, status().state(), status().toString());
        assertEquals(List.of("vm-a"), f.stopped);
        assertTrue(f.engine.history(1000).stream().anyMatch(e -> e.text().equals("step 7 done: forced (vm-a has"
                + " nowhere to go): stopped vm-a; moved 0 VM(s)")), f.engine.history(1000).toString());
    }

    @Test
    void badInputChangesNothing() {
        long before = journal.lastIndex();
        RunSettings ok = RunFixture.settings(packages);
        expect(ErrorCode.NOT_FOUND, () -> f.engine.start(ScaleUnitId.of("su-9"), null, ok));
        expect(ErrorCode.INVALID_ARGUMENT, () -> f.engine.start(TestTopology.SU, null, new RunSettings(0, 1,
                List.of(NodeId.of("node-1")), Duration.ofMinutes(5), DrainPolicy.ABORT, packages.toString())));
        expect(ErrorCode.NOT_FOUND, () -> f.engine.start(TestTopology.SU, null, new RunSettings(0, 1,
                List.of(NodeId.of("node-9")), Duration.ofMinutes(5), DrainPolicy.ABORT, packages.toString())));
        expect(ErrorCode.NOT_FOUND, () -> f.engine.start(TestTopology.SU, null, RunSettings.defaults(
                tmp.resolve("none").toString())));
        expect(ErrorCode.FAILED_PRECONDITION, f.engine::pause);
        expect(ErrorCode.FAILED_PRECONDITION, f.engine::resume);
        expect(ErrorCode.FAILED_PRECONDITION, f.engine::cancel);
        expect(ErrorCode.INVALID_ARGUMENT, () -> RunSettings.defaults(" "));
        expect(ErrorCode.INVALID_ARGUMENT, () -> new RunSettings(-1, 0, List.of(), Duration.ofMinutes(1),
                DrainPolicy.ABORT, "x"));
        assertEquals(before, journal.lastIndex());
        f.engine.start(TestTopology.SU, null, ok);
        long started = journal.lastIndex();
        expect(ErrorCode.FAILED_PRECONDITION, () -> f.engine.start(TestTopology.SU, null, ok));
        assertEquals(started, journal.lastIndex());
    }

    static void expect(ErrorCode code, org.junit.jupiter.api.function.Executable call) {
        FabricException e = assertThrows(FabricException.class, call);
        assertEquals(code, e.code(), e.getMessage());
    }

    /** A power cut after each journal append in turn: the restarted run ends as the uninterrupted one. */
    @Test
    void aCrashAfterAnyAppendResumesWithNoStepTwiceAndNoneSkipped() {
        f.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
        f.drive(10_000);
        List<String> reference = RunHistory.of(journal.records());
        String nodes = f.nodes();
        int appends = journal.records().size();
        Set<Integer> cuts = new HashSet<>();
        for (int cut = 1; cut < appends; cut++) {
            MemoryJournal j = new MemoryJournal(CLOCK);
            CuttingJournal cutting = new CuttingJournal(j, cut);
            try {
                RunFixture first = new RunFixture(cutting, 4, CLOCK);
                first.engine.start(TestTopology.SU, null, RunFixture.settings(packages));
                first.drive(10_000);
            } catch (CuttingJournal.PowerCut expected) {
                cuts.add(cut);
            }
            RunFixture again = new RunFixture(j, 4, CLOCK);
            again.drive(10_000);
            assertEquals(RunState.SUCCEEDED, again.engine.status().orElseThrow().state(), "cut at " + cut);
            assertEquals(reference, RunHistory.of(j.records()), "cut at " + cut);
            assertEquals(nodes, again.nodes(), "cut at " + cut);
        }
        assertEquals(appends - 1, cuts.size());
    }
}
