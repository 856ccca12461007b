package fabric.sdn.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.network.Encapsulation;
import fabric.api.network.FrameSink;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.api.teaming.ClassCounters;
import fabric.api.teaming.TeamStatus;
import fabric.api.teaming.UplinkStatus;
import fabric.api.topology.NicSpec;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.RdmaKind;
import fabric.journal.testing.MemoryJournal;
import fabric.sdn.internal.overlay.GuestEndpoint;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.underlay.SimulatedUnderlay;
import fabric.sdn.internal.wire.TestFrames;
import fabric.sdn.internal.wire.Wire;
import fabric.set.internal.TeamingComponent;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * VM-to-VM traffic over VXLAN goes through each node's team (the real virtual switch of
 * fabric.set, reached only through its fabric.api.teaming services): it is counted in the tenant
 * traffic class of the teams' NICs, never in the lossless storage class, and a NIC failed while
 * frames of the flow are queued on it loses none of them. Simulated time; no sleeps.
 */
class OverlayThroughTeamTest {

    static final NodeId N1 = NodeId.of("node-1");
    static final NodeId N2 = NodeId.of("node-2");
    static final MacAddress MAC1 = new MacAddress(0x02_0A_00_00_00_01L);
    static final MacAddress MAC2 = new MacAddress(0x02_0A_00_00_00_02L);

    final long[] now = {1_000_000_000L};
    final ByteBuffer frame = ByteBuffer.allocateDirect(256);
    final long[] replies = {0};
    SimulatedUnderlay underlay;
    OverlayFabric fabric;
    TeamingComponent teaming;
    TeamRouting uplinks;
    VPort sender;
    int seq;

    static NodeSpec node(NodeId id) {
        return new NodeSpec(id, 32, 1L << 38, List.of(), List.of(new NicSpec("nic-0", 25, RdmaKind.ROCE),
                new NicSpec("nic-1", 25, RdmaKind.ROCE)), "bmc", "dell", "AX-760");
    }

    @BeforeEach
    void setUp() {
        underlay = new SimulatedUnderlay(() -> now[0], 3);
        fabric = new OverlayFabric(List.of(N1, N2), Ipv4Prefix.parse("192.168.100.0/24"), underlay, Clock.systemUTC());
        teaming = new TeamingComponent(List.of(node(N1), node(N2)), () -> now[0], new MemoryJournal());
        uplinks = new TeamRouting(fabric);
        assertEquals(2, uplinks.connect(teaming));
        fabric.create(new VirtualNetworkSpec("a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24")), Encapsulation.VXLAN));
        FrameSink counting = f -> replies[0]++;
        sender = fabric.attach(new VPortSpec("vm-1", N1, "a", MAC1, new Ipv4Address(0x0A00_0001)), counting);
        GuestEndpoint guest = new GuestEndpoint(MAC2, new Ipv4Address(0x0A00_0002));
        guest.bind(fabric.attach(new VPortSpec("vm-2", N2, "a", MAC2, new Ipv4Address(0x0A00_0002)), guest));
    }

    @AfterEach
    void tearDown() {
        uplinks.disconnect(teaming);
        fabric.close();
    }

    private void ping() {
        int len = TestFrames.icmpEcho(new UnsafeBuffer(frame), 0, MAC1.value(), MAC2.value(), 0x0A00_0001, 0x0A00_0002,
                Wire.ICMP_ECHO_REQUEST, 7, seq++, 56);
        frame.clear().limit(len);
        assertTrue(sender.send(frame), "sent " + seq + "; drops " + fabric.drops());
    }

    /** Steps time until every request has its reply (or gives up after a simulated second). */
    private void settle(long expected) {
        for (int step = 0; step < 20_000 && replies[0] < expected; step++) {
            now[0] += 50_000;
            fabric.poll();
        }
    }

    static long tx(TeamStatus team, String trafficClass) {
        long n = 0;
        for (UplinkStatus u : team.uplinks()) {
            n += counters(u, trafficClass).txFrames();
        }
        return n;
    }

    static ClassCounters counters(UplinkStatus u, String trafficClass) {
        for (ClassCounters c : u.classes()) {
            if (c.trafficClass().equals(trafficClass)) {
                return c;
            }
        }
        throw new AssertionError("no class " + trafficClass);
    }

    @Test
    void tenantTrafficIsCountedInTheTeamsTenantClassAndNeverInTheLosslessOne() {
        assertEquals(2, uplinks.routedHosts());
        for (int i = 0; i < 100; i++) {
            ping();
            now[0] += 20_000;
            fabric.poll();
        }
        settle(100);
        assertEquals(100, replies[0], "drops " + fabric.drops());
        TeamStatus t1 = teaming.team(N1);
        TeamStatus t2 = teaming.team(N2);
        // Requests leave node-1 through its team, replies leave node-2 through its team.
        assertEquals(100, tx(t1, "default"), t1.toString());
        assertEquals(100, tx(t2, "default"), t2.toString());
        assertEquals(0, tx(t1, "storage") + tx(t2, "storage"), "tenant traffic never takes the lossless class");
        long bytes = 0;
        for (UplinkStatus u : t1.uplinks()) {
            bytes += counters(u, "default").txBytes();
        }
        assertEquals(100L * (14 + 20 + 8 + 56 + Wire.VXLAN_OVERHEAD), bytes, "outer frames, encapsulated");
        assertEquals(0, fabric.teamUplinks().teamRefused() + fabric.teamUplinks().wireRefused());
    }

    @Test
    void aNicFailedWithTheFlowsFramesQueuedOnItLosesNoneAndTheFlowGoesOn() {
        for (int i = 0; i < 20; i++) {
            ping();
            now[0] += 20_000;
            fabric.poll();
        }
        settle(20);
        // A burst at one instant: the link has earned no credit since the last poll, so it queues.
        for (int i = 0; i < 64; i++) {
            ping();
        }
        String carrying = null;
        for (UplinkStatus u : teaming.team(N1).uplinks()) {
            if (counters(u, "default").queued() > 0) {
                carrying = u.nic();
                assertEquals(64, counters(u, "default").queued(), "one flow, one NIC: " + u);
            }
        }
        assertTrue(carrying != null, "the burst is queued on a NIC");
        teaming.failNic(N1, carrying);
        for (int i = 0; i < 100; i++) {
            ping();
            now[0] += 20_000;
            fabric.poll();
        }
        settle(184);
        assertEquals(184, replies[0], "every request of the flow answered; drops " + fabric.drops());
        TeamStatus t1 = teaming.team(N1);
        long failedAfter = 0;
        long survivor = 0;
        for (UplinkStatus u : t1.uplinks()) {
            ClassCounters c = counters(u, "default");
            assertEquals(0, c.drops(), u.toString());
            assertEquals(0, c.queued(), u.toString());
            if (u.nic().equals(carrying)) {
                assertTrue(!u.up());
                failedAfter = c.txFrames();
            } else {
                survivor = c.txFrames();
            }
        }
        assertEquals(184, failedAfter + survivor);
        assertTrue(survivor >= 164, "the queued burst and the rest of the flow left by the survivor: " + survivor);
    }

    @Test
    void roundTripsThroughBothTeamsAllocateNothing() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx instanceof com.sun.management.ThreadMXBean,
                "this JVM does not count allocated bytes");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        int len = TestFrames.icmpEcho(new UnsafeBuffer(frame), 0, MAC1.value(), MAC2.value(), 0x0A00_0001,
                0x0A00_0002, Wire.ICMP_ECHO_REQUEST, 7, 1, 56);
        for (int i = 0; i < 20_000; i++) {
            roundTrip(len);
        }
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 10_000; i++) {
            roundTrip(len);
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        settle(30_000);
        assertEquals(30_000, replies[0], "drops " + fabric.drops());
        assertEquals(30_000, tx(teaming.team(N1), "default"));
        // Any allocation per frame would be at least 16 bytes per round trip (160 KB); the margin
        // covers one-off allocations of a JIT still warming up on a loaded machine.
        assertTrue(allocated < 32 * 1024, "10,000 round trips allocated " + allocated + " bytes");
    }

    private void roundTrip(int len) {
        frame.clear().limit(len);
        sender.send(frame);
        now[0] += 50_000;
        fabric.poll();
    }

    @Test
    void withoutTheTeamHostsSendStraightToTheUnderlay() {
        uplinks.disconnect(teaming);
        for (int i = 0; i < 10; i++) {
            ping();
            now[0] += 20_000;
            fabric.poll();
        }
        settle(10);
        assertEquals(10, replies[0]);
        assertEquals(0, tx(teaming.team(N1), "default"), "the team saw none of it");
        assertEquals(0, tx(teaming.team(N2), "default"), "the team saw none of it");
    }
}
