package fabric.sdn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.api.teaming.ClassCounters;
import fabric.api.teaming.LoadDistribution;
import fabric.api.teaming.TeamSpec;
import fabric.api.teaming.TeamStatus;
import fabric.api.teaming.TrafficClass;
import fabric.api.teaming.UplinkStatus;
import fabric.journal.testing.MemoryJournal;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.underlay.SimulatedUnderlay;
import fabric.sdn.internal.underlay.TeamUplinks;
import fabric.sdn.internal.wire.TestFrames;
import fabric.sdn.internal.wire.Wire;
import fabric.set.internal.TeamingComponent;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The overlay's tunnel endpoints under back-pressure and link failure, through the real teams of
 * fabric.set and the in-process underlay with one link per NIC: frames of a lossless class that PFC
 * pauses are held by the sending host and arrive, in order, when the pause ends; lossy frames over
 * the limit are dropped and counted; a NIC whose underlay link fails is detected by its carrier and
 * its flows move within one scheduler round; a reconfiguration of the team loses nothing lossless.
 * A one-way stream of ICMP echo requests (the receiver only records them). Simulated time; no sleeps.
 */
class OverlayBackPressureTest {

    static final NodeId N1 = OverlayThroughTeamTest.N1;
    static final NodeId N2 = OverlayThroughTeamTest.N2;
    static final MacAddress MAC1 = OverlayThroughTeamTest.MAC1;
    static final MacAddress MAC2 = OverlayThroughTeamTest.MAC2;
    static final int STORAGE_PRIORITY = 3;

    final long[] now = {1_000_000_000L};
    final ByteBuffer frame = ByteBuffer.allocateDirect(256);
    final List<Integer> received = new ArrayList<>();
    SimulatedUnderlay underlay;
    OverlayFabric fabric;
    TeamingComponent teaming;
    TeamRouting routing;
    VPort sender;
    int pa1;
    int seq;

    private void start(int tunnelPriority) {
        underlay = new SimulatedUnderlay(() -> now[0], 5);
        fabric = new OverlayFabric(List.of(N1, N2), Ipv4Prefix.parse("192.168.100.0/24"), underlay, Clock.systemUTC());
        teaming = new TeamingComponent(List.of(OverlayThroughTeamTest.node(N1), OverlayThroughTeamTest.node(N2)),
                () -> now[0], new MemoryJournal());
        routing = new TeamRouting(fabric);
        assertEquals(2, routing.connect(teaming, tunnelPriority));
        fabric.create(new VirtualNetworkSpec("a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24")), Encapsulation.VXLAN));
        sender = fabric.attach(new VPortSpec("vm-1", N1, "a", MAC1, new Ipv4Address(0x0A00_0001)), f -> { });
        fabric.attach(new VPortSpec("vm-2", N2, "a", MAC2, new Ipv4Address(0x0A00_0002)),
                f -> received.add(f.getShort(f.position() + 14 + 20 + 6) & 0xFFFF));
        pa1 = fabric.host(N1).providerAddress();
    }

    @AfterEach
    void tearDown() {
        routing.disconnect(teaming);
        fabric.close();
    }

    /** Sends the next echo request of the stream; returns what the vPort said. */
    private boolean send() {
        int len = TestFrames.icmpEcho(new UnsafeBuffer(frame), 0, MAC1.value(), MAC2.value(), 0x0A00_0001,
                0x0A00_0002, Wire.ICMP_ECHO_REQUEST, 7, seq++, 56);
        frame.clear().limit(len);
        return sender.send(frame);
    }

    /** Steps time until {@code expected} frames arrived (or a simulated second passed). */
    private void settle(int expected) {
        for (int step = 0; step < 20_000 && received.size() < expected; step++) {
            now[0] += 50_000;
            fabric.poll();
        }
    }

    private void assertReceivedInOrder(int from, int count) {
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(from + i);
        }
        assertEquals(expected, received);
    }

    static ClassCounters counters(UplinkStatus u, String trafficClass) {
        return OverlayThroughTeamTest.counters(u, trafficClass);
    }

    static long sum(TeamStatus t, String trafficClass, java.util.function.ToLongFunction<ClassCounters> f) {
        long n = 0;
        for (UplinkStatus u : t.uplinks()) {
            n += f.applyAsLong(counters(u, trafficClass));
        }
        return n;
    }

    @Test
    void losslessFramesPausedByPfcAreHeldByTheSenderAndAllArriveInOrderWhenItEnds() {
        start(STORAGE_PRIORITY);
        for (String nic : List.of("nic-0", "nic-1")) {
            teaming.pfc(N1, nic, STORAGE_PRIORITY, true);
        }
        // PFC asserted for 30 ms of a steady stream: the team's queue fills, then the host holds.
        for (int i = 0; i < 3000; i++) {
            assertTrue(send(), "frame " + i + " accepted; drops " + fabric.drops());
            now[0] += 10_000;
            fabric.poll();
        }
        assertEquals(0, received.size(), "nothing of the paused class left node-1");
        TeamUplinks uplinks = fabric.teamUplinks();
        assertEquals(1024, sum(teaming.team(N1), "storage", ClassCounters::queued), "the team queued to its threshold");
        assertEquals(3000 - 1024, uplinks.held(), "the rest is held by the sending host");
        TeamUplinks.HostStatus host = uplinks.status().get(0);
        assertEquals(3000 - 1024, host.holding());
        assertEquals("storage", host.trafficClass());
        assertTrue(sum(teaming.team(N1), "storage", ClassCounters::pauses) > 0);

        for (String nic : List.of("nic-0", "nic-1")) {
            teaming.pfc(N1, nic, STORAGE_PRIORITY, false);
        }
        settle(3000);
        assertReceivedInOrder(0, 3000);
        assertEquals(Map.of(), fabric.drops(), "nothing counted as dropped");
        assertEquals(0, sum(teaming.team(N1), "storage", ClassCounters::drops));
        assertEquals(0, uplinks.teamRefused() + uplinks.holdRefused() + uplinks.wireRefused());
        assertEquals(0, uplinks.status().get(0).holding());
        assertEquals(3000, sum(teaming.team(N1), "storage", ClassCounters::txFrames));
    }

    @Test
    void aFullHoldRefusesFramesAtTheSourceCountedAndEverythingAcceptedArrivesInOrder() {
        start(STORAGE_PRIORITY);
        for (String nic : List.of("nic-0", "nic-1")) {
            teaming.pfc(N1, nic, STORAGE_PRIORITY, true);
        }
        int accepted = 0;
        int refused = 0;
        int total = 1024 + TeamUplinks.HOLD_FRAMES + 100;
        for (int i = 0; i < total; i++) {
            if (send()) {
                accepted++;
            } else {
                refused++;
            }
        }
        assertEquals(1024 + TeamUplinks.HOLD_FRAMES, accepted);
        assertEquals(100, refused);
        assertEquals(100, fabric.teamUplinks().holdRefused());
        assertEquals(Map.of("UNDERLAY", 100L), fabric.drops(), "refused at the source, counted");
        for (String nic : List.of("nic-0", "nic-1")) {
            teaming.pfc(N1, nic, STORAGE_PRIORITY, false);
        }
        settle(accepted);
        assertReceivedInOrder(0, accepted);
    }

    @Test
    void lossyFramesOverTheLimitAreDroppedAndCountedPerClassNeverThrown() {
        start(TeamUplinks.TENANT_PRIORITY);
        // A burst at one instant: the link earns no credit, the tenant class's queue fills.
        int accepted = 0;
        for (int i = 0; i < 1500; i++) {
            accepted += send() ? 1 : 0;
        }
        assertEquals(1024, accepted, "one flow, one NIC: its queue's 1,024 frames");
        TeamStatus t = teaming.team(N1);
        assertEquals(476, sum(t, "default", ClassCounters::drops), "counted in the tenant class");
        assertEquals(0, sum(t, "storage", ClassCounters::drops));
        assertEquals(476, fabric.teamUplinks().teamRefused());
        assertEquals(0, fabric.teamUplinks().held(), "a lossy class is never held");
        assertEquals(Map.of("UNDERLAY", 476L), fabric.drops());
        settle(1024);
        assertReceivedInOrder(0, 1024);
    }

    private String carryingNic() {
        String carrying = null;
        for (UplinkStatus u : teaming.team(N1).uplinks()) {
            if (counters(u, "storage").txFrames() + counters(u, "storage").queued() > 0) {
                assertTrue(carrying == null, "one flow, one NIC");
                carrying = u.nic();
            }
        }
        assertTrue(carrying != null);
        return carrying;
    }

    @Test
    void failingANicsUnderlayLinkMidStreamMovesTheFlowWithinOneSchedulerRoundAndLosesNothing() {
        start(STORAGE_PRIORITY);
        for (int i = 0; i < 200; i++) {
            assertTrue(send());
            now[0] += 10_000;
            fabric.poll();
        }
        String carrying = carryingNic();
        String survivor = carrying.equals("nic-0") ? "nic-1" : "nic-0";
        // A burst at one instant queues on the flow's NIC; then that NIC's underlay link fails.
        for (int i = 0; i < 100; i++) {
            assertTrue(send());
        }
        assertEquals(100, counters(uplink(carrying), "storage").queued());
        long carriedBefore = counters(uplink(carrying), "storage").txFrames();
        underlay.port(pa1, carrying).setUp(false);
        // The team's notion of the NIC was not touched: it learns of the failure from the carrier.
        assertTrue(uplink(carrying).up());
        // One scheduler round: the carrier is sensed first, the burst leaves by the survivor.
        now[0] += 1_000_000;
        fabric.teamUplinks().flush();
        assertFalse(uplink(carrying).up(), "down for lack of carrier");
        assertEquals(0, counters(uplink(carrying), "storage").queued());
        assertEquals(carriedBefore, counters(uplink(carrying), "storage").txFrames(), "nothing more by the failed NIC");
        assertEquals(100, counters(uplink(survivor), "storage").txFrames(), "the burst left in that one round");
        for (int i = 0; i < 200; i++) {
            assertTrue(send());
            now[0] += 10_000;
            fabric.poll();
        }
        settle(500);
        assertReceivedInOrder(0, 500);
        assertEquals(Map.of(), fabric.drops());
        assertEquals(0, sum(teaming.team(N1), "storage", ClassCounters::drops));
        assertEquals(0, fabric.teamUplinks().wireRefused() + fabric.teamUplinks().teamRefused());
        assertEquals(Map.of("nic-0", carrying.equals("nic-0") ? false : true, "nic-1",
                carrying.equals("nic-1") ? false : true), fabric.teamUplinks().status().get(0).nics());
        // The link returns: so does the NIC.
        underlay.port(pa1, carrying).setUp(true);
        fabric.poll();
        assertTrue(uplink(carrying).up());
    }

    @Test
    void eachNicIsItsOwnPathWithNoLinkUpTheLosslessStreamWaitsAndResumesWithNothingLost() {
        start(STORAGE_PRIORITY);
        for (int i = 0; i < 50; i++) {
            assertTrue(send());
            now[0] += 10_000;
            fabric.poll();
        }
        settle(50);
        // Both NIC links fail; the host's own attachment is still up, but the team's NICs are the path.
        underlay.port(pa1, "nic-0").setUp(false);
        underlay.port(pa1, "nic-1").setUp(false);
        for (int i = 0; i < 300; i++) {
            assertTrue(send(), "held, not lost");
            now[0] += 10_000;
            fabric.poll();
        }
        assertEquals(50, received.size(), "no path: nothing arrives");
        assertEquals(300, fabric.teamUplinks().status().get(0).holding());
        underlay.port(pa1, "nic-1").setUp(true);
        settle(350);
        assertReceivedInOrder(0, 350);
        assertEquals(Map.of(), fabric.drops());
        assertEquals(0, underlay.lost());
    }

    @Test
    void aTeamReconfiguredWhileLosslessFramesAreQueuedLosesNone() {
        start(STORAGE_PRIORITY);
        for (String nic : List.of("nic-0", "nic-1")) {
            teaming.pfc(N1, nic, STORAGE_PRIORITY, true);
        }
        for (int i = 0; i < 1500; i++) {
            assertTrue(send());
            now[0] += 10_000;
            fabric.poll();
        }
        assertEquals(0, received.size());
        // One NIC fewer, Hyper-V port distribution, other DCB shares (storage still lossless on 3).
        teaming.configure(new TeamSpec(N1, List.of("nic-1"), LoadDistribution.HYPER_V_PORT, List.of(
                new TrafficClass("storage", List.of(3), 70, true),
                new TrafficClass("default", List.of(0, 1, 2, 4, 5, 6, 7), 30, false))));
        assertEquals(1024, sum(teaming.team(N1), "storage", ClassCounters::queued), "the queued frames moved over");
        teaming.pfc(N1, "nic-1", STORAGE_PRIORITY, false);
        for (int i = 0; i < 100; i++) {
            assertTrue(send());
            now[0] += 10_000;
            fabric.poll();
        }
        settle(1600);
        assertReceivedInOrder(0, 1600);
        assertEquals(Map.of(), fabric.drops());
        assertEquals(0, sum(teaming.team(N1), "storage", ClassCounters::drops));
        assertEquals(Map.of("nic-1", true), fabric.teamUplinks().status().get(0).nics());
    }

    @Test
    void aTeamConnectedAfterALinkFailedLearnsItsCarrierBeforeItsFirstFrame() {
        start(STORAGE_PRIORITY);
        underlay.port(pa1, "nic-0").setUp(false);
        fabric.poll();
        assertFalse(uplink("nic-0").up());
        // The teams service goes and comes back (a new switch that knows nothing of the links).
        routing.disconnect(teaming);
        teaming = new TeamingComponent(List.of(OverlayThroughTeamTest.node(N1), OverlayThroughTeamTest.node(N2)),
                () -> now[0], new MemoryJournal());
        assertEquals(2, routing.connect(teaming, STORAGE_PRIORITY));
        assertFalse(uplink("nic-0").up(), "told at once, before any frame");
        for (int i = 0; i < 100; i++) {
            assertTrue(send());
            now[0] += 10_000;
            fabric.poll();
        }
        settle(100);
        assertReceivedInOrder(0, 100);
        assertEquals(0, underlay.lost());
    }

    private UplinkStatus uplink(String nic) {
        for (UplinkStatus u : teaming.team(N1).uplinks()) {
            if (u.nic().equals(nic)) {
                return u;
            }
        }
        throw new AssertionError(nic);
    }
}
