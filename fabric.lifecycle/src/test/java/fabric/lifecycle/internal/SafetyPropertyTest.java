package fabric.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.lifecycle.RunState;
import fabric.api.storage.VolumeHealth;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.QuorumStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over random scale-unit states that change between any two steps (other nodes failing and coming
 * back, the N-1 reserve lost and regained, volumes degraded or resyncing), the run never drains a
 * node whose absence would break quorum, N-1 or a volume's tolerance, and never has two nodes out.
 */
class SafetyPropertyTest {

    static final long SEED = 20261125L;

    @TempDir
    Path tmp;

    @Test
    void neverStartsANodeWhoseAbsenceWouldBreakQuorumNMinusOneOrAVolume() throws Exception {
        Path packages = RunFixture.packages(tmp.resolve("firmware"));
        SplittableRandom seeds = new SplittableRandom(SEED);
        int drains = 0;
        int succeeded = 0;
        for (int trial = 0; trial < 60; trial++) {
            long seed = seeds.nextLong();
            SplittableRandom random = new SplittableRandom(seed);
            RunFixture f = new RunFixture(new MemoryJournal(RunEngineTest.CLOCK), 4, RunEngineTest.CLOCK);
            List<String> violations = new ArrayList<>();
            f.beforeDrain = node -> {
                for (NodeStatus s : f.topology.statuses(TestTopology.SU)) {
                    if (!s.node().equals(node) && s.state() != NodeState.UP) {
                        violations.add(node + " drained while " + s.node() + " is " + s.state());
                    }
                }
                QuorumStatus q = f.topology.quorum(TestTopology.SU);
                if (q.presentVotes() - 1 < q.requiredVotes()) {
                    violations.add(node + " drained with " + q);
                }
                if (!f.reserveHeld) {
                    violations.add(node + " drained without the N-1 reserve");
                }
                if (f.volumeHealth != VolumeHealth.HEALTHY) {
                    violations.add(node + " drained with a " + f.volumeHealth + " volume");
                }
            };
            f.engine.start(TestTopology.SU, null, new fabric.api.lifecycle.RunSettings(4, 1, List.of(),
                    java.time.Duration.ofMinutes(5), fabric.api.lifecycle.DrainPolicy.ABORT, packages.toString()));
            for (int tick = 0; tick < 400 && !f.engine.status().orElseThrow().state().finished(); tick++) {
                perturb(f, random);
                f.engine.tick();
                int out = (int) f.topology.statuses(TestTopology.SU).stream()
                        .filter(s -> s.state() == NodeState.MAINTENANCE).count();
                assertTrue(out <= 1, "seed " + seed + ": two nodes in maintenance");
            }
            assertEquals(List.of(), violations, "seed " + seed);
            drains += f.drains;
            succeeded += f.engine.status().orElseThrow().state() == RunState.SUCCEEDED ? 1 : 0;
        }
        assertTrue(drains > 20, "the random states let some nodes go: " + drains);
        assertTrue(succeeded < 60, "and held some back");
    }

    /** Changes the scale unit at random: another node fails or returns, the reserve or a volume changes. */
    private static void perturb(RunFixture f, SplittableRandom random) {
        int r = random.nextInt(100);
        String node = "node-" + (1 + random.nextInt(4));
        NodeState now = f.topology.status(fabric.api.core.NodeId.of(node)).state();
        if (r < 4 && now == NodeState.UP) {
            f.topology.set(node, NodeState.DOWN);
        } else if (r < 12 && now == NodeState.DOWN) {
            f.topology.set(node, NodeState.UP);
        } else if (r < 16) {
            f.reserveHeld = !f.reserveHeld;
        } else if (r < 20) {
            VolumeHealth[] all = {VolumeHealth.HEALTHY, VolumeHealth.HEALTHY, VolumeHealth.DEGRADED,
                    VolumeHealth.RESYNCING};
            f.volumeHealth = all[random.nextInt(all.length)];
        }
    }
}
