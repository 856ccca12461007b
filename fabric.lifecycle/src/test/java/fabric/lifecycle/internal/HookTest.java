package fabric.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.lifecycle.DrainPolicy;
import fabric.api.lifecycle.HookContext;
import fabric.api.lifecycle.PlanPhase;
import fabric.api.lifecycle.RunSettings;
import fabric.api.lifecycle.RunState;
import fabric.api.lifecycle.RunStatus;
import fabric.api.lifecycle.UpdateHook;
import fabric.api.topology.NodeState;
import fabric.lifecycle.internal.RunEvents.StepFailed;
import fabric.lifecycle.internal.RunEvents.StepPlanned;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster-Aware-Updating pre/post hooks as steps of an update run. */
class HookTest {

    @TempDir
    Path tmp;
    Path packages;
    MutableClock clock;
    MemoryJournal journal;
    RunFixture f;

    @BeforeEach
    void setUp() throws Exception {
        packages = RunFixture.packages(tmp.resolve("firmware"));
        clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
        journal = new MemoryJournal(clock);
        f = new RunFixture(journal, 4, clock);
    }

    /** A hook that records what it was called with, and in what node state. */
    final class Recording implements UpdateHook {
        final List<String> calls = new ArrayList<>();
        int failures;

        @Override
        public void beforeUpdate(HookContext c) {
            call("before", c);
        }

        @Override
        public void afterUpdate(HookContext c) {
            call("after", c);
        }

        private void call(String what, HookContext c) {
            calls.add(what + " " + c.node() + " " + f.topology.status(c.node()).state() + " " + c.runId() + " "
                    + c.hook() + " attempt " + c.attempt() + " on " + Thread.currentThread().getName());
            if (failures > 0) {
                failures--;
                throw new IllegalStateException("the load balancer said no");
            }
        }
    }

    RunSettings settings(List<String> pre, List<String> post, int retries) {
        return new RunSettings(0, retries, List.of(), Duration.ofMinutes(30), DrainPolicy.ABORT, packages.toString(),
                pre, post, Duration.ofMinutes(5));
    }

    RunStatus status() {
        return f.engine.status().orElseThrow();
    }

    @Test
    void preHooksRunBeforeTheNodeIsTouchedAndPostHooksOnceItIsBackOnTheirOwnThread() {
        Recording lb = new Recording();
        Recording health = new Recording();
        f.hooks.add("lb", lb, "test", 10, 0);
        f.hooks.add("health", health, "test", 11, 0);
        f.launcher = (name, call) -> {
            // As the fabric's launcher, on a thread named after the hook; joined so the test needs no waiting.
            Thread t = new Thread(call, "fabric-update-hook-" + name);
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        f.engine.start(TestTopology.SU, null, settings(List.of("lb"), List.of("lb", "health"), 1));
        f.drive(10_000);
        assertEquals(RunState.SUCCEEDED, status().state(), status().detail());
        assertEquals(List.of(
                "before node-1 UP run-1 lb attempt 1 on fabric-update-hook-lb",
                "after node-1 UP run-1 lb attempt 1 on fabric-update-hook-lb",
                "before node-2 UP run-1 lb attempt 1 on fabric-update-hook-lb",
                "after node-2 UP run-1 lb attempt 1 on fabric-update-hook-lb",
                "before node-3 UP run-1 lb attempt 1 on fabric-update-hook-lb",
                "after node-3 UP run-1 lb attempt 1 on fabric-update-hook-lb",
                "before node-4 UP run-1 lb attempt 1 on fabric-update-hook-lb",
                "after node-4 UP run-1 lb attempt 1 on fabric-update-hook-lb"), lb.calls);
        assertEquals(4, health.calls.size());
        assertTrue(health.calls.stream().allMatch(c -> c.startsWith("after ")));
        // In the plan: pre-hook right after the pre-check, post-hooks last, in the settings' order.
        List<StepPlanned> node1 = journal.events(StepPlanned.TYPE).stream().filter(p -> p.node().equals("node-1"))
                .toList();
        assertEquals(PlanPhase.PRE_CHECK, node1.get(0).phase());
        assertEquals(PlanPhase.PRE_HOOK, node1.get(1).phase());
        assertEquals("lb", node1.get(1).stepId());
        assertEquals(PlanPhase.ONLINE, node1.get(2).phase());
        assertEquals(PlanPhase.STORAGE_RESYNC, node1.get(node1.size() - 3).phase());
        assertEquals(List.of("lb", "health"), node1.subList(node1.size() - 2, node1.size()).stream()
                .map(StepPlanned::stepId).toList());
        assertEquals(14 + 3, node1.size());
    }

    @Test
    void aFailingHookFailsTheStepWhichIsRetriedThenTheNode() {
        Recording lb = new Recording();
        lb.failures = 1;
        f.hooks.add("lb", lb, "test", 10, 0);
        f.engine.start(TestTopology.SU, null, settings(List.of("lb"), List.of(), 1));
        f.drive(10_000);
        assertEquals(RunState.SUCCEEDED, status().state(), "one retry per node: the second call succeeds");
        assertEquals(List.of("hook lb failed: the load balancer said no"), journal.events(StepFailed.TYPE).stream()
                .map(StepFailed::reason).toList());
        assertTrue(lb.calls.get(1).contains("node-1 UP run-1 lb attempt 2"), lb.calls.toString());

        // Without retries the node fails before it is touched, and with no failed node allowed the run stops.
        lb.failures = 1;
        f.engine.start(TestTopology.SU, "24.07", settings(List.of("lb"), List.of(), 0));
        f.drive(10_000);
        // Every node is compliant now, so nothing is called: hooks are steps of nodes that are updated.
        assertEquals(RunState.SUCCEEDED, status().state());
    }

    @Test
    void aHookThatFailsBeyondItsRetriesFailsTheNodeWhichStaysInService() throws Exception {
        Recording lb = new Recording();
        lb.failures = 5;
        f.hooks.add("lb", lb, "test", 10, 0);
        f.engine.start(TestTopology.SU, null, settings(List.of("lb"), List.of(), 0));
        f.drive(10_000);
        RunStatus s = status();
        assertEquals(RunState.FAILED, s.state());
        assertEquals(List.of("node-1: step 2 (call pre-update hook lb for node-1) failed: hook lb failed: the load"
                + " balancer said no"), s.failedNodes());
        assertEquals(NodeState.UP, f.topology.status(NodeId.of("node-1")).state(), "the drain never happened");
        assertEquals(0, f.drains);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aHookThatDoesNotReturnWithinItsTimeoutFailsTheStepAndIsInterrupted() {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        f.hooks.add("stuck", new UpdateHook() {
            @Override
            public void beforeUpdate(HookContext c) {
                entered.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }

            @Override
            public void afterUpdate(HookContext c) {
            }
        }, "test", 10, 0);
        f.launcher = (name, call) -> {
            Thread t = new Thread(call, "fabric-update-hook-" + name);
            threads.add(t);
            t.start();
        };
        f.engine.start(TestTopology.SU, null, settings(List.of("stuck"), List.of(), 0));
        f.drive(100);
        assertEquals("2 call pre-update hook stuck for node-1", status().step(), "the run waits for the call");
        assertEquals(RunState.RUNNING, status().state());
        try {
            entered.await(); // The call is in the hook now.
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        clock.advance(Duration.ofMinutes(4));
        assertFalse(f.engine.tick(), "still within its time");
        clock.advance(Duration.ofMinutes(2));
        assertTrue(f.engine.tick());
        assertEquals(List.of("hook stuck did not return within PT5M"), journal.events(StepFailed.TYPE).stream()
                .map(StepFailed::reason).toList());
        assertEquals(1, threads.size());
        try {
            interrupted.await();
            threads.get(0).join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        f.drive(100);
        assertEquals(RunState.FAILED, status().state());
        assertEquals(NodeState.UP, f.topology.status(NodeId.of("node-1")).state());
    }

    @Test
    void aRunThatNamesAnUnregisteredHookWaitsForItAndGoesOnWhenItRegisters() {
        Recording late = new Recording();
        f.engine.start(TestTopology.SU, null, settings(List.of(), List.of("late"), 1));
        f.drive(10_000);
        assertEquals(RunState.WAITING, status().state());
        assertEquals("waiting for hook late", status().detail());
        assertEquals(NodeState.UP, f.topology.status(NodeId.of("node-1")).state(), "node-1 is back; only the hook waits");
        f.hooks.add("late", late, "test", 12, 0);
        f.drive(10_000);
        assertEquals(RunState.SUCCEEDED, status().state());
        assertEquals(4, late.calls.size());
        assertTrue(f.engine.history(1000).stream().anyMatch(e -> e.text().equals("run running: no longer waiting for"
                + " hook late")));
    }

    @Test
    void theHighestRankedHookOfANameIsCalledAndAGoneOneIsNoLonger() {
        Recording low = new Recording();
        Recording high = new Recording();
        f.hooks.add("lb", low, "a", 20, 0);
        f.hooks.add("lb", high, "b", 21, 5);
        assertEquals(high, f.hooks.get("lb").orElseThrow());
        f.hooks.remove(high);
        assertEquals(low, f.hooks.get("lb").orElseThrow());
        assertFalse(f.hooks.add("Not A Name", low, "c", 22, 0), "an invalid name is ignored");
        assertFalse(f.hooks.add(null, low, "c", 23, 0));
        assertEquals(List.of("audit", "lb"), f.hooks.list().stream().map(h -> h.name()).toList());
    }

    @Test
    void badHookSettingsAreRefusedAndChangeNothing() {
        FabricException e = assertThrows(FabricException.class, () -> settings(List.of("lb", "lb"), List.of(), 1));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertThrows(FabricException.class, () -> settings(List.of("Bad Name"), List.of(), 1));
        assertThrows(FabricException.class, () -> RunFixture.settings(packages).withHooks(List.of(), List.of(),
                Duration.ZERO));
        assertTrue(f.engine.status().isEmpty());
        assertEquals(0, journal.records().size());
    }

    @Test
    void theFabricsLauncherCallsOnAThreadNamedAfterTheHook() throws Exception {
        List<String> names = new ArrayList<>();
        FutureTask<Void> call = new FutureTask<>(() -> {
            names.add(Thread.currentThread().getName());
            return null;
        });
        HookCalls.THREADS.launch("lb", call);
        call.get();
        assertEquals(List.of("fabric-update-hook-lb"), names);
    }
}
