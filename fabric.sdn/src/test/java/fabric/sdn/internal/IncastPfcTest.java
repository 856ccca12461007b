package fabric.sdn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.api.teaming.ClassCounters;
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
 * Congestion PFC end to end: three VMs on three nodes stream to one VM on a fourth node over VXLAN,
 * through each node's real team (fabric.set) and the in-process top-of-rack switch, which only one
 * 25 Gb/s link reaches the receiver by. For the lossless storage priority the switch pauses the
 * senders' NIC links (XOFF/XON), each host reports the pause to its team, the team's storage queue
 * fills and pauses the tunnel endpoint, which holds: nothing is lost and every flow arrives in
 * order. For a lossy priority the switch drops at its tail and counts it. Simulated time; no sleeps.
 */
class IncastPfcTest {

    static final NodeId RX = NodeId.of("node-0");
    static final List<NodeId> TX = List.of(NodeId.of("node-1"), NodeId.of("node-2"), NodeId.of("node-3"));
    static final int STORAGE = 3;
    static final int PAYLOAD = 1350;

    final long[] now = {1_000_000_000L};
    final ByteBuffer frame = ByteBuffer.allocateDirect(2048);
    /** Per sending VM: the sequence numbers that reached the receiving VM, in order of arrival. */
    final List<List<Integer>> received = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    final int[] seq = new int[3];
    final List<VPort> vms = new ArrayList<>();
    SimulatedUnderlay underlay;
    OverlayFabric fabric;
    TeamingComponent teaming;
    TeamRouting routing;
    VPort receiver;

    private void start(int... priorityOfSender) {
        underlay = new SimulatedUnderlay(() -> now[0], 17);
        List<NodeId> nodes = new ArrayList<>(List.of(RX));
        nodes.addAll(TX);
        fabric = new OverlayFabric(nodes, Ipv4Prefix.parse("192.168.100.0/24"), underlay, Clock.systemUTC());
        teaming = new TeamingComponent(nodes.stream().map(OverlayThroughTeamTest::node).toList(), () -> now[0],
                new MemoryJournal());
        routing = new TeamRouting(fabric);
        assertEquals(4, routing.connect(teaming, n -> n.equals(RX) ? STORAGE : priorityOfSender[TX.indexOf(n)]));
        fabric.create(new VirtualNetworkSpec("a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24")), Encapsulation.VXLAN));
        receiver = fabric.attach(new VPortSpec("vm-0", RX, "a", mac(0), new Ipv4Address(0x0A00_0064)), f -> {
            int src = f.getInt(f.position() + 14 + 12) - 0x0A00_0001;
            received.get(src).add(f.getShort(f.position() + 14 + 20 + 6) & 0xFFFF);
        });
        for (int i = 0; i < 3; i++) {
            vms.add(fabric.attach(new VPortSpec("vm-" + (i + 1), TX.get(i), "a", mac(i + 1),
                    new Ipv4Address(0x0A00_0001 + i)), f -> { }));
        }
        // The receiver's host speaks first, so the switch learns which of its links reaches it.
        for (int i = 0; i < 3; i++) {
            int len = TestFrames.icmpEcho(new UnsafeBuffer(frame), 0, mac(0).value(), mac(i + 1).value(), 0x0A00_0064,
                    0x0A00_0001 + i, Wire.ICMP_ECHO_REPLY, 9, 0, 8);
            frame.clear().limit(len);
            assertTrue(receiver.send(frame));
        }
        step(100, 1_000);
    }

    static MacAddress mac(int i) {
        return new MacAddress(0x02_0A_00_00_01_00L + i);
    }

    @AfterEach
    void tearDown() {
        routing.disconnect(teaming);
        fabric.close();
    }

    private boolean send(int vm) {
        int len = TestFrames.icmpEcho(new UnsafeBuffer(frame), 0, mac(vm + 1).value(), mac(0).value(),
                0x0A00_0001 + vm, 0x0A00_0064, Wire.ICMP_ECHO_REQUEST, 7, seq[vm]++, PAYLOAD);
        frame.clear().limit(len);
        return vms.get(vm).send(frame);
    }

    private void step(int steps, long nanos) {
        for (int i = 0; i < steps; i++) {
            now[0] += nanos;
            fabric.poll();
        }
    }

    /** Each VM sends two frames per microsecond (about 22 Gb/s of outer frames each) for {@code micros}. */
    private void incast(int micros, int... senders) {
        for (int t = 0; t < micros; t++) {
            for (int vm : senders) {
                for (int k = 0; k < 2; k++) {
                    assertTrue(send(vm), "vm " + vm + " frame " + seq[vm] + " accepted; drops " + fabric.drops());
                }
            }
            step(1, 1_000);
        }
    }

    /** Steps time until nothing is queued or on its way anywhere (or 50 simulated ms passed). */
    private void settle() {
        for (int i = 0; i < 50_000; i++) {
            now[0] += 1_000;
            fabric.poll();
            if (underlay.inFlight() == 0 && holding() == 0 && queued() == 0) {
                return;
            }
        }
    }

    private int holding() {
        int n = 0;
        for (TeamUplinks.HostStatus h : fabric.teamUplinks().status()) {
            n += h.holding();
        }
        return n;
    }

    private long queued() {
        long n = 0;
        for (NodeId node : TX) {
            n += OverlayBackPressureTest.sum(teaming.team(node), "storage", ClassCounters::queued)
                    + OverlayBackPressureTest.sum(teaming.team(node), "default", ClassCounters::queued);
        }
        return n;
    }

    private void assertAllInOrder(int vm) {
        List<Integer> got = received.get(vm);
        assertEquals(seq[vm], got.size(), "every frame of vm " + vm + " arrived");
        for (int i = 0; i < got.size(); i++) {
            assertEquals(i, got.get(i), "vm " + vm + " in order");
        }
    }

    private static void assertIncreasing(List<Integer> got) {
        for (int i = 1; i < got.size(); i++) {
            assertTrue(got.get(i) > got.get(i - 1), "in order (some missing)");
        }
    }

    /** The switch's counters for one priority on one node's NIC links, summed. */
    private long sumLinks(NodeId node, int priority, java.util.function.ToLongFunction<SimulatedUnderlay.PriorityStatus> f) {
        int pa = fabric.host(node).providerAddress();
        long n = 0;
        for (SimulatedUnderlay.PortStatus p : underlay.status()) {
            if (p.providerAddress() == pa && p.nic() != null) {
                n += f.applyAsLong(p.priorities().get(priority));
            }
        }
        return n;
    }

    @Test
    void aLosslessIncastLosesNothingKeepsEveryFlowInOrderAndBacksUpToTheSendingHosts() {
        start(STORAGE, STORAGE, STORAGE);
        incast(1500, 0, 1, 2);
        for (int vm = 0; vm < 3; vm++) {
            NodeId node = TX.get(vm);
            assertTrue(sumLinks(node, STORAGE, SimulatedUnderlay.PriorityStatus::pauseSent) > 0, "switch paused " + node);
            assertTrue(sumLinks(node, STORAGE, SimulatedUnderlay.PriorityStatus::pauseReceived) > 0);
            assertTrue(OverlayBackPressureTest.sum(teaming.team(node), "storage", ClassCounters::pauses) > 0,
                    "the team paused the tunnel endpoint of " + node);
            // A pause and its resume between two of the host's rounds reach the team as neither.
            long teamSaw = OverlayBackPressureTest.sum(teaming.team(node), "storage", ClassCounters::peerPauses);
            assertTrue(teamSaw > 0 && teamSaw <= sumLinks(node, STORAGE, SimulatedUnderlay.PriorityStatus::pauseReceived),
                    "the pauses its NICs received reached the team (team:show's PFC RX): " + teamSaw);
        }
        assertTrue(fabric.teamUplinks().pausesReported() > 0, "the hosts told their teams");
        assertTrue(fabric.teamUplinks().held() > 0, "the sending hosts held frames");
        settle();
        for (int vm = 0; vm < 3; vm++) {
            assertAllInOrder(vm);
            assertEquals(0, sumLinks(TX.get(vm), STORAGE, SimulatedUnderlay.PriorityStatus::drops));
            assertEquals(sumLinks(TX.get(vm), STORAGE, SimulatedUnderlay.PriorityStatus::pauseSent),
                    sumLinks(TX.get(vm), STORAGE, SimulatedUnderlay.PriorityStatus::resumeSent), "every pause resumed");
        }
        assertEquals(0, underlay.drops(), "no switch queue dropped anything");
        assertEquals(0, underlay.lost());
        assertEquals(Map.of(), fabric.drops());
        assertEquals(0, fabric.teamUplinks().holdRefused() + fabric.teamUplinks().teamRefused());
        assertEquals(0, fabric.teamUplinks().pausesRefused());
        for (NodeId node : TX) {
            assertEquals(0, OverlayBackPressureTest.sum(teaming.team(node), "storage", c -> c.peerPaused() ? 1 : 0),
                    "no class left paused");
        }
    }

    @Test
    void aBadTunnelPriorityIsRefusedAndChangesNothing() {
        start(STORAGE, STORAGE, STORAGE);
        FabricException e = assertThrows(FabricException.class,
                () -> routing.connect(teaming, n -> n.equals(RX) ? 3 : 8));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals(4, routing.routedHosts(), "still routed through the teams");
        incast(10, 0);
        settle();
        assertAllInOrder(0);
    }

    @Test
    void withoutThePauseTheSameIncastLosesStorageFrames() {
        start(STORAGE, STORAGE, STORAGE);
        underlay.pfc(false);
        incast(1500, 0, 1, 2);
        settle();
        long delivered = 0;
        for (int vm = 0; vm < 3; vm++) {
            assertIncreasing(received.get(vm));
            delivered += received.get(vm).size();
        }
        long drops = sumLinks(RX, STORAGE, SimulatedUnderlay.PriorityStatus::drops);
        assertTrue(drops > 0, "the receiver's queue dropped storage frames");
        assertEquals(seq[0] + seq[1] + seq[2], delivered + drops);
        assertEquals(0, fabric.teamUplinks().pausesReported());
    }

    @Test
    void aLossyIncastDropsAtTheSwitchTailCountedAndThrowsNothing() {
        start(TeamUplinks.TENANT_PRIORITY, TeamUplinks.TENANT_PRIORITY, TeamUplinks.TENANT_PRIORITY);
        incast(1500, 0, 1, 2);
        settle();
        long delivered = 0;
        for (int vm = 0; vm < 3; vm++) {
            assertIncreasing(received.get(vm));
            delivered += received.get(vm).size();
            assertEquals(0, sumLinks(TX.get(vm), 0, SimulatedUnderlay.PriorityStatus::pauseSent));
        }
        long drops = sumLinks(RX, 0, SimulatedUnderlay.PriorityStatus::drops);
        assertTrue(drops > 1000, "a 3:1 incast: " + drops);
        assertEquals(9000, delivered + drops, "every frame delivered or counted as dropped");
        assertEquals(0, fabric.teamUplinks().held(), "nothing paused, nothing held");
    }

    @Test
    void mixedTheLosslessFlowsAreWholeWhileTheLossyOneDrops() {
        start(STORAGE, STORAGE, TeamUplinks.TENANT_PRIORITY);
        incast(1500, 0, 1, 2);
        settle();
        assertAllInOrder(0);
        assertAllInOrder(1);
        assertEquals(0, sumLinks(RX, STORAGE, SimulatedUnderlay.PriorityStatus::drops));
        long lossyDrops = sumLinks(RX, 0, SimulatedUnderlay.PriorityStatus::drops);
        assertTrue(lossyDrops > 0, "best effort dropped at the switch");
        assertIncreasing(received.get(2));
        assertEquals(seq[2], received.get(2).size() + lossyDrops);
        assertEquals(0, sumLinks(TX.get(2), 0, SimulatedUnderlay.PriorityStatus::pauseSent), "lossy is never paused");
    }

    @Test
    void aTeamTheHostsLeaveWhilePausedIsNotLeftPausedAndFindsThePausesAgainWhenTheyReturn() {
        start(STORAGE, STORAGE, STORAGE);
        incast(300, 0, 1, 2);
        long paused = 0;
        for (NodeId node : TX) {
            paused += OverlayBackPressureTest.sum(teaming.team(node), "storage", c -> c.peerPaused() ? 1 : 0);
        }
        assertTrue(paused > 0, "some NIC's storage class is paused mid-incast");
        routing.disconnect(teaming);
        for (NodeId node : TX) {
            assertEquals(0, OverlayBackPressureTest.sum(teaming.team(node), "storage", c -> c.peerPaused() ? 1 : 0),
                    "the hosts resumed what they had paused on " + node);
        }
        assertEquals(4, routing.connect(teaming, STORAGE));
        fabric.poll();
        long again = 0;
        long nicsPaused = 0;
        for (NodeId node : TX) {
            again += OverlayBackPressureTest.sum(teaming.team(node), "storage", c -> c.peerPaused() ? 1 : 0);
            nicsPaused += sumLinks(node, STORAGE, s -> s.nicPaused() ? 1 : 0);
        }
        assertEquals(nicsPaused, again, "the team hears of every NIC paused now");
        settle();
        for (int vm = 0; vm < 3; vm++) {
            assertAllInOrder(vm);
        }
        assertEquals(0, underlay.drops());
    }

    @Test
    void whenTheCongestionEndsThePauseIsReleasedAndOneSenderRunsAtLineRate() {
        start(STORAGE, STORAGE, STORAGE);
        incast(1000, 0, 1, 2);
        settle();
        for (int vm = 0; vm < 3; vm++) {
            assertAllInOrder(vm);
            for (SimulatedUnderlay.PortStatus p : underlay.status()) {
                assertFalse(p.priorities().get(STORAGE).nicPaused(), "no link left paused");
                assertFalse(p.priorities().get(STORAGE).pausing());
            }
        }
        long pauses = sumLinks(TX.get(0), STORAGE, SimulatedUnderlay.PriorityStatus::pauseSent);
        int before = received.get(0).size();
        // One sender alone at ~22 Gb/s: no congestion, no pause, it keeps up.
        long start = now[0];
        incast(1000, 0);
        settle();
        assertAllInOrder(0);
        assertEquals(2000, received.get(0).size() - before);
        assertEquals(pauses, sumLinks(TX.get(0), STORAGE, SimulatedUnderlay.PriorityStatus::pauseSent), "not paused again");
        assertTrue(now[0] - start < 1_100_000, "2,000 frames in " + (now[0] - start) + " ns");
    }
}
