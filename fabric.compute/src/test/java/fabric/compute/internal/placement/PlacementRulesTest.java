package fabric.compute.internal.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.compute.PlacementExplanation;
import fabric.api.topology.NodeState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each placement rule on its own, asked of both implementations. */
class PlacementRulesTest {

    private static final long GIB = 1L << 30;

    private final Fleet fleet = new Fleet(Fleets.uniform(1, 4, 128, 384));
    private final IndexedPlacer fast = new IndexedPlacer(fleet);
    private final ExhaustivePlacer reference = new ExhaustivePlacer(fleet);

    private int choose(Demand d) {
        PlacementRequest request = PlacementRequest.create(d);
        int a = fast.choose(request);
        assertEquals(reference.choose(request), a, reference.explain(request).toString());
        return a;
    }

    private String rejection(Demand d, int node) {
        return reference.explain(PlacementRequest.create(d)).nodes().get(node).rejection();
    }

    @Test
    void availabilitySetMembersSpreadOverNodesThenShareByUpdateDomain() {
        fleet.place(Demand.plain("big", 64, 128 * GIB), 0);
        for (int i = 0; i < 4; i++) {
            Demand member = new Demand("web-" + i, 2, 4 * GIB, "web", i % 3, i, null, null);
            int node = choose(member);
            fleet.place(member, node);
        }
        for (int node = 0; node < 4; node++) {
            assertEquals(1, fleet.hosted(node).stream().filter(d -> "web".equals(d.availabilitySet())).count());
        }
        // Every node holds one member; the fifth, in update domain 0, joins the member of domain 0
        // although that node is the fullest.
        int webZero = fleet.placement("web-0").node();
        assertEquals(webZero, choose(new Demand("web-4", 2, 4 * GIB, "web", 1, 0, null, null)));
    }

    @Test
    void nodeStateDrainingAndQuorumRejectWithReasons() {
        fleet.setState(1, NodeState.MAINTENANCE);
        fleet.setDraining(2, true);
        Demand d = Demand.plain("a", 1, GIB);
        assertEquals("node is MAINTENANCE", rejection(d, 1));
        assertEquals("node is being drained", rejection(d, 2));
        assertEquals("", rejection(d, 0));
        fleet.setQuorum(0, false);
        assertEquals("scale unit su-1 has lost quorum", rejection(d, 0));
        assertEquals(-1, choose(d));
    }

    @Test
    void affinityFollowsAndAntiAffinitySeparates() {
        Demand a1 = new Demand("a1", 2, GIB, null, -1, -1, "pair", "spread");
        fleet.place(a1, 2);
        Demand a2 = new Demand("a2", 2, GIB, null, -1, -1, "pair", null);
        assertEquals(2, choose(a2));
        assertEquals("affinity group pair runs on n-1-3", rejection(a2, 0));
        Demand b = new Demand("b", 2, GIB, null, -1, -1, null, "spread");
        assertEquals("anti-affinity group spread already has a VM here", rejection(b, 2));
        assertTrue(choose(b) != 2);
    }

    @Test
    void capacityRejectionsSayWhatIsShort() {
        fleet.place(Demand.plain("cpu-hog", 128, GIB), 0);
        fleet.place(Demand.plain("mem-hog", 1, 384 * GIB), 1);
        Demand d = Demand.plain("x", 2, 2 * GIB);
        assertEquals("needs 2 vCPU, 0 of 128 free", rejection(d, 0));
        assertEquals("needs 2 GiB memory, 0 B free", rejection(d, 1));
    }

    @Test
    void reserveRefusesThePlacementThatWouldStrandVmsAndNamesTheNode() {
        int placed = 0;
        for (int i = 0; ; i++) {
            Demand d = Demand.plain("vm-" + i, 8, 32 * GIB);
            int node = choose(d);
            if (node < 0) {
                PlacementExplanation why = reference.explain(PlacementRequest.create(d));
                assertTrue(why.rejections().contains("N-1 reserve: afterwards the loss of"), why.rejections());
                break;
            }
            fleet.place(d, node);
            placed++;
            assertTrue(fleet.reserveHeld(0));
        }
        // 4 nodes of 384 GiB: the survivors of any one loss hold 3 x 384 GiB, so at most 36 VMs of 32 GiB.
        assertTrue(placed >= 24 && placed <= 36, placed + " placed");
        assertTrue(reference.choose(new PlacementRequest(Demand.plain("more", 8, 32 * GIB), -1, false)) >= 0,
                "without the reserve there was room");
    }

    /** Whenever the fleet says the reserve holds, a first-fit restart of any one node's VMs succeeds. */
    @Test
    void reserveHeldImpliesFirstFitRestartSucceeds() {
        Random random = new Random(42);
        int checked = 0;
        for (int run = 0; run < 200; run++) {
            Fleet f = new Fleet(Fleets.uniform(1, 4 + random.nextInt(4), 16 + random.nextInt(64), 64 + random.nextInt(256)));
            for (int i = 0; i < 200; i++) {
                Demand d = Demand.plain("vm-" + i, 1 + random.nextInt(12), (1L + random.nextInt(48)) * GIB);
                int node = random.nextInt(f.nodeCount());
                if (f.vcpuUsed(node) + d.vcpus() <= f.vcpuCapacity(node)
                        && f.memoryUsed(node) + d.memoryBytes() <= f.memoryCapacity(node)) {
                    f.place(d, node);
                }
                if (f.reserveHeld(0)) {
                    checked++;
                    for (int lost = 0; lost < f.nodeCount(); lost++) {
                        assertTrue(firstFitRestarts(f, lost), "run " + run + " step " + i + " node " + lost);
                    }
                }
            }
        }
        assertTrue(checked > 1000, checked + " states checked");
        assertFalse(checked == 200 * 200, "the reserve never broke");
    }

    static boolean firstFitRestarts(Fleet f, int lost) {
        int n = f.nodeCount();
        long[] freeV = new long[n];
        long[] freeM = new long[n];
        for (int node = 0; node < n; node++) {
            freeV[node] = f.vcpuCapacity(node) - f.vcpuUsed(node);
            freeM[node] = f.memoryCapacity(node) - f.memoryUsed(node);
        }
        List<Demand> vms = new ArrayList<>(f.hosted(lost));
        vms.sort(Comparator.comparingLong(Demand::memoryBytes).reversed());
        for (Demand d : vms) {
            boolean done = false;
            for (int node = 0; node < n && !done; node++) {
                if (node != lost && f.accepting(node) && freeV[node] >= d.vcpus() && freeM[node] >= d.memoryBytes()) {
                    freeV[node] -= d.vcpus();
                    freeM[node] -= d.memoryBytes();
                    done = true;
                }
            }
            if (!done) {
                return false;
            }
        }
        return true;
    }
}
