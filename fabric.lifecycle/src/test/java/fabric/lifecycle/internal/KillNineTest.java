package fabric.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fabric.api.lifecycle.PlanPhase;
import fabric.api.lifecycle.RunState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM running an update run with SIGKILL in every step in turn (alternately right after
 * the step's start was journaled and right after its effect), each time restarting it on the same
 * journal file: the run ends as an uninterrupted one, with the same journal (but for whether a step
 * found its effect already done) and the same BMCs and node states, so no step ran twice and none
 * was skipped. The run calls a pre- and a post-update hook on every node; a hook killed in flight is
 * called again with the same key, and the hook (idempotent by key) acts once.
 */
class KillNineTest {

    @TempDir
    Path tmp;

    @Test
    void killedInEveryStepTheRunEndsAsAnUninterruptedOne() throws Exception {
        Path packages = RunFixture.packages(tmp.resolve("firmware"));
        MemoryJournal reference = new MemoryJournal(RunEngineTest.CLOCK);
        RunFixture uninterrupted = new RunFixture(reference, 4, RunEngineTest.CLOCK);
        uninterrupted.engine.start(TestTopology.SU, null, RunFixture.hookedSettings(packages));
        uninterrupted.drive(100_000);
        int steps = uninterrupted.engine.status().orElseThrow().stepsPlanned();

        Path file = tmp.resolve("journal.tsv");
        for (int step = 1; step <= steps; step++) {
            assertEquals("kill me", child(file, packages, step, step % 2 == 0 ? "start" : "effect"), "step " + step);
        }
        assertEquals("done SUCCEEDED", child(file, packages, 0, "start"));

        MemoryJournal survived = MemoryJournal.open(file, RunEngineTest.CLOCK);
        assertEquals(RunHistory.of(reference.records()), RunHistory.of(survived.records()));
        long verified = survived.events(RunEvents.StepDone.TYPE).stream().filter(RunEvents.StepDone::verified).count();
        long withEffect = reference.events(RunEvents.StepPlanned.TYPE).stream().filter(p -> p.seq() % 2 == 1
                && p.phase() != PlanPhase.PRE_CHECK && p.phase() != PlanPhase.POST_CHECK
                && p.phase() != PlanPhase.STORAGE_RESYNC && p.phase() != PlanPhase.PRE_HOOK
                && p.phase() != PlanPhase.POST_HOOK).count();
        // A hook's effect is its own: the fabric calls it again, and the idempotent hook finds its key journaled.
        assertEquals(8, survived.events(RunFixture.HookCalled.TYPE).size(), "one pre and one post call per node");
        assertEquals(withEffect, verified, "each step killed after its effect found it done when restarted");
        RunFixture after = new RunFixture(survived, 4, RunEngineTest.CLOCK);
        assertEquals(RunState.SUCCEEDED, after.engine.status().orElseThrow().state());
        assertEquals(uninterrupted.nodes(), after.nodes());
    }

    /** Runs the child until it prints its line; kills it with SIGKILL when it asks for it. */
    private static String child(Path file, Path packages, int step, String mode) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RunningChild.class.getName());
        command.add(file.toString());
        command.add(packages.toString());
        command.add(Integer.toString(step));
        command.add(mode);
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if ("kill me".equals(line)) {
                child.destroyForcibly(); // SIGKILL
            }
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new AssertionError("the child did not end");
            }
            return line;
        } finally {
            child.getOutputStream().close();
        }
    }
}
