package fabric.compute.internal.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.topology.NodeState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The indexed placement decides exactly as the exhaustive reference, over random histories. */
class PlacementEquivalenceTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void sameDecisionsOverRandomHistories(long seed) {
        Random random = new Random(seed);
        int units = 1 + random.nextInt(3);
        Fleet fleet = new Fleet(Fleets.uniform(units, 4 + random.nextInt(5), 64, 256));
        IndexedPlacer fast = new IndexedPlacer(fleet);
        ExhaustivePlacer reference = new ExhaustivePlacer(fleet);
        List<String> placed = new ArrayList<>();
        int refused = 0;
        int reserveOnly = 0;
        for (int step = 0; step < 1500; step++) {
            int op = random.nextInt(10);
            if (op < 6 || placed.isEmpty()) {
                Demand d = randomDemand(random, "vm-" + step);
                int unitOnly = random.nextInt(5) == 0 ? random.nextInt(units) : -1;
                PlacementRequest request = new PlacementRequest(d, unitOnly, random.nextInt(4) != 0);
                int a = fast.choose(request);
                int b = reference.choose(request);
                assertEquals(b, a, "seed " + seed + " step " + step + " " + d + " " + reference.explain(request));
                if (a >= 0) {
                    fleet.place(d, a);
                    placed.add(d.vm());
                } else {
                    refused++;
                    if (reference.explain(new PlacementRequest(d, unitOnly, false)).chosen().isPresent()) {
                        reserveOnly++;
                    }
                }
            } else if (op < 8) {
                fleet.remove(placed.remove(random.nextInt(placed.size())));
            } else if (op == 8) {
                int node = random.nextInt(fleet.nodeCount());
                NodeState[] states = NodeState.values();
                fleet.setState(node, random.nextInt(3) == 0 ? states[random.nextInt(states.length)] : NodeState.UP);
            } else {
                int node = random.nextInt(fleet.nodeCount());
                if (random.nextBoolean()) {
                    fleet.setDraining(node, !fleet.draining(node));
                } else {
                    fleet.setQuorum(fleet.unitOf(node), random.nextInt(4) != 0);
                }
            }
        }
        assertTrue(refused > 0, "the run never filled the fleet");
        assertTrue(reserveOnly > 0, "the N-1 reserve never decided alone");
    }

    static Demand randomDemand(Random random, String name) {
        int[] cpus = {1, 2, 4, 8, 16};
        long vcpus = cpus[random.nextInt(cpus.length)];
        long memory = (long) (1 + random.nextInt(32)) << 30;
        String set = random.nextInt(3) == 0 ? "set-" + random.nextInt(4) : null;
        int fd = set == null ? -1 : random.nextInt(3);
        int ud = set == null ? -1 : random.nextInt(5);
        String affinity = random.nextInt(12) == 0 ? "aff-" + random.nextInt(3) : null;
        String anti = random.nextInt(6) == 0 ? "anti-" + random.nextInt(3) : null;
        return new Demand(name, vcpus, memory, set, fd, ud, affinity, anti);
    }
}
