package fabric.sdn.internal.underlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.overlay.GuestEndpoint;
import fabric.sdn.internal.overlay.HostAgent;
import fabric.sdn.internal.overlay.OverlayFabric;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The in-process underlay on simulated time: latency, bandwidth, loss, MAC learning, link failure. */
class SimulatedUnderlayTest {

    static final List<NodeId> NODES = List.of(NodeId.of("node-1"), NodeId.of("node-2"), NodeId.of("node-3"));
    long now;
    SimulatedUnderlay underlay;
    OverlayFabric fabric;
    GuestEndpoint a1;
    GuestEndpoint a2;

    @BeforeEach
    void start() {
        underlay = new SimulatedUnderlay(() -> now, 99);
        fabric = new OverlayFabric(NODES, Ipv4Prefix.parse("192.168.100.0/24"), underlay, Clock.systemUTC());
        fabric.create(new VirtualNetworkSpec("tenant-a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24")),
                Encapsulation.VXLAN));
        a1 = guest("a1", NODES.get(0), 1);
        a2 = guest("a2", NODES.get(1), 2);
    }

    @AfterEach
    void stop() {
        fabric.close();
    }

    GuestEndpoint guest(String name, NodeId node, int n) {
        MacAddress mac = new MacAddress(0x02_0A_00_00_00_00L + n);
        GuestEndpoint g = new GuestEndpoint(mac, new Ipv4Address(0x0A00_0000 + n));
        VPort port = fabric.attach(new VPortSpec(name, node, "tenant-a", mac, new Ipv4Address(0x0A00_0000 + n)), g);
        g.bind(port);
        return g;
    }

    /** Advances simulated time in 100 ns steps until nothing is in flight; returns the time it took. */
    long runUntilQuiet() {
        long start = now;
        do {
            now += 100;
            fabric.poll();
        } while (underlay.inFlight() > 0);
        return now - start;
    }

    @Test
    void pingCrossesTheTorWithLinkLatencyAndTheSwitchLearns() {
        a1.ping(Ipv4Address.parse("10.0.0.2"), 1);
        long took = runUntilQuiet();
        assertEquals(1, a1.echoRepliesReceived());
        // Request and reply each cross two links of 2 us latency plus serialization at 25 Gb/s.
        assertTrue(took >= 8_000 && took < 9_000, "round trip " + took + " ns");
        assertEquals(1, underlay.flooded(), "the first frame to node-2's MAC was flooded, then learned");
        int pa1 = fabric.providerAddress(NODES.get(0)).value();
        assertEquals(0, underlay.learnedPort(HostAgent.hostMac(pa1)));
        a1.ping(Ipv4Address.parse("10.0.0.2"), 2);
        runUntilQuiet();
        assertEquals(2, a1.echoRepliesReceived());
        assertEquals(1, underlay.flooded(), "no more flooding once learned");
    }

    @Test
    void bandwidthQueuesFramesBehindEachOther() {
        int pa1 = fabric.providerAddress(NODES.get(0)).value();
        underlay.port(pa1).configure(1_000_000_000L, 0, 0);
        List<Long> arrivals = new ArrayList<>();
        underlay.attach(0x0A0A_0A0A, 0x0200_0000_0A0AL, (b, o, l) -> arrivals.add(now));
        UnsafeBuffer frame = new UnsafeBuffer(new byte[1500]);
        frame.putLong(0, -1L);
        for (int i = 0; i < 10; i++) {
            underlay.port(pa1).send(frame, 0, 1500);
        }
        runUntilQuiet();
        assertTrue(arrivals.size() >= 10, "broadcast reaches the probe");
        long last = arrivals.get(arrivals.size() - 1);
        assertTrue(last >= 10 * 12_000, "ten 1500-byte frames at 1 Gb/s take at least 120 us: " + last);
    }

    @Test
    void lossAndLinkFailureLoseFramesDeterministically() {
        int pa2 = fabric.providerAddress(NODES.get(1)).value();
        underlay.port(pa2).setUp(false);
        a1.ping(Ipv4Address.parse("10.0.0.2"), 1);
        runUntilQuiet();
        assertEquals(0, a1.echoRepliesReceived());
        assertTrue(underlay.lost() > 0);
        underlay.port(pa2).setUp(true);
        a1.ping(Ipv4Address.parse("10.0.0.2"), 2);
        runUntilQuiet();
        assertEquals(1, a1.echoRepliesReceived(), "the restored link carries traffic again");

        underlay.port(pa2).configure(SimulatedUnderlay.DEFAULT_BITS_PER_SECOND, 1_000, 0.5);
        for (int seq = 3; seq < 103; seq++) {
            a1.ping(Ipv4Address.parse("10.0.0.2"), seq);
            runUntilQuiet();
        }
        int replies = (int) a1.echoRepliesReceived() - 1;
        // Both crossings of node-2's link lose half: about a quarter of the pings come back.
        assertTrue(replies > 10 && replies < 45, "replies with 50% loss each way: " + replies);
    }

    @Test
    void aHostWithALinkPerNicGetsEachFrameOnceAndTheSwitchForgetsWhatItLearnedOnADeadLink() {
        SimulatedUnderlay tor = new SimulatedUnderlay(() -> now, 7);
        int paA = 0x0A0A_0001;
        int paB = 0x0A0A_0002;
        long macA = 0x0200_0000_0001L;
        long macB = 0x0200_0000_0002L;
        List<String> atB = new ArrayList<>();
        UnderlayEndpoint a = tor.attach(paA, macA, (b, o, l) -> { });
        tor.attach(paB, macB, (b, o, l) -> atB.add("main"));
        UnderlayEndpoint b0 = tor.attachNic(paB, macB, "nic-0", (b, o, l) -> atB.add("nic-0"));
        tor.attachNic(paB, macB, "nic-1", (b, o, l) -> atB.add("nic-1"));
        assertThrows(IllegalArgumentException.class, () -> tor.attachNic(paB, macB, "nic-0", (b, o, l) -> { }));
        assertThrows(IllegalArgumentException.class, () -> tor.port(paB, "nic-9"));
        UnsafeBuffer toB = frame(macB, macA);
        // Unknown destination: flooded, but host B takes one copy.
        a.send(toB, 0, 64);
        runUntilQuiet(tor);
        assertEquals(List.of("main"), atB);
        // B sends by nic-0: the switch learns B there, and unicasts to it.
        b0.send(frame(macA, macB), 0, 64);
        runUntilQuiet(tor);
        assertEquals(tor.port(paB, "nic-0").index, tor.learnedPort(macB));
        atB.clear();
        a.send(toB, 0, 64);
        runUntilQuiet(tor);
        assertEquals(List.of("nic-0"), atB);
        // nic-0's link fails: the switch forgets B there and floods to B's first link up.
        tor.link(paB, "nic-0", false);
        assertTrue(!b0.linkUp());
        assertEquals(-1, tor.learnedPort(macB));
        atB.clear();
        a.send(toB, 0, 64);
        runUntilQuiet(tor);
        assertEquals(List.of("main"), atB);
        assertTrue(!b0.send(frame(macA, macB), 0, 64), "a dead link sends nothing");
    }

    private static UnsafeBuffer frame(long dst, long src) {
        UnsafeBuffer f = new UnsafeBuffer(new byte[64]);
        f.putShort(0, (short) (dst >>> 32), java.nio.ByteOrder.BIG_ENDIAN);
        f.putInt(2, (int) dst, java.nio.ByteOrder.BIG_ENDIAN);
        f.putShort(6, (short) (src >>> 32), java.nio.ByteOrder.BIG_ENDIAN);
        f.putInt(8, (int) src, java.nio.ByteOrder.BIG_ENDIAN);
        return f;
    }

    private void runUntilQuiet(SimulatedUnderlay tor) {
        for (int i = 0; i < 1000 && tor.inFlight() > 0; i++) {
            now += 1_000;
            tor.poll();
        }
    }
}
