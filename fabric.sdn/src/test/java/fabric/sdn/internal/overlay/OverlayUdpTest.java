package fabric.sdn.internal.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.AddressMapping;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.underlay.UdpUnderlay;
import fabric.sdn.internal.underlay.UnderlayEndpoint;
import fabric.sdn.internal.wire.Encapsulator;
import fabric.sdn.internal.wire.TestFrames;
import fabric.sdn.internal.wire.Wire;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import fabric.sdn.testing.Tshark;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two tenants with the same addresses on two nodes, over real UDP datagrams on loopback. */
class OverlayUdpTest {

    static final NodeId N1 = NodeId.of("node-1");
    static final NodeId N2 = NodeId.of("node-2");
    static final Ipv4Prefix SPACE = Ipv4Prefix.parse("10.0.0.0/24");

    @TempDir
    Path dir;

    UdpUnderlay underlay;
    OverlayFabric fabric;

    @BeforeEach
    void start() {
        underlay = UdpUnderlay.loopback();
        fabric = new OverlayFabric(List.of(N1, N2), Ipv4Prefix.parse("192.168.100.0/24"), underlay,
                Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC));
        fabric.create(new VirtualNetworkSpec("tenant-a", 5001, List.of(SPACE), Encapsulation.VXLAN));
        fabric.create(new VirtualNetworkSpec("tenant-b", 5002, List.of(SPACE), Encapsulation.VXLAN));
    }

    @AfterEach
    void stop() {
        fabric.close();
    }

    GuestEndpoint guest(String name, NodeId node, String vnet, long mac, String ip) {
        GuestEndpoint g = new GuestEndpoint(new MacAddress(mac), Ipv4Address.parse(ip));
        VPort port = fabric.attach(new VPortSpec(name, node, vnet, new MacAddress(mac), Ipv4Address.parse(ip)), g);
        g.bind(port);
        return g;
    }

    /** Polls the underlay until the condition holds; the deadline only bounds a broken run. */
    void pollUntil(BooleanSupplier done) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean()) {
            fabric.poll();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not delivered within 5 s; drops " + fabric.drops());
            }
        }
    }

    /** Polls until the underlay has been quiet for many consecutive polls. */
    void drain() {
        int quiet = 0;
        long deadline = System.nanoTime() + 200_000_000L;
        while (quiet < 2000 && System.nanoTime() < deadline) {
            quiet = fabric.poll() == 0 ? quiet + 1 : 0;
        }
    }

    @Test
    void tenantPingsAcrossNodesAndTheOtherTenantWithTheSameAddressesIsIsolated() throws Exception {
        GuestEndpoint a1 = guest("a1", N1, "tenant-a", 0x02_0A_00_00_00_01L, "10.0.0.1");
        GuestEndpoint a2 = guest("a2", N2, "tenant-a", 0x02_0A_00_00_00_02L, "10.0.0.2");
        GuestEndpoint b1 = guest("b1", N1, "tenant-b", 0x02_0B_00_00_00_01L, "10.0.0.1");
        GuestEndpoint b2 = guest("b2", N2, "tenant-b", 0x02_0B_00_00_00_02L, "10.0.0.2");
        GuestEndpoint b3 = guest("b3", N1, "tenant-b", 0x02_0B_00_00_00_03L, "10.0.0.3");
        fabric.capture("node-2", dir.resolve("node-2.pcap"));

        for (int seq = 1; seq <= 3; seq++) {
            assertTrue(a1.ping(Ipv4Address.parse("10.0.0.2"), seq));
            int expected = seq;
            pollUntil(() -> a1.echoRepliesReceived() == expected);
        }
        assertEquals(3, a2.echoRequestsAnswered());
        assertEquals(Ipv4Address.parse("10.0.0.2"), a1.lastReplyFrom());
        assertEquals(0, b2.framesReceived(), "tenant b's 10.0.0.2 saw nothing of tenant a");

        b1.ping(Ipv4Address.parse("10.0.0.2"), 7);
        pollUntil(() -> b1.echoRepliesReceived() == 1);
        assertEquals(1, b2.echoRequestsAnswered());
        assertEquals(3, a2.echoRequestsAnswered(), "tenant a's 10.0.0.2 saw nothing of tenant b");

        // 10.0.0.3 exists only in tenant b: tenant a's ARP for it is not answered, nothing leaves.
        long noRoute = fabric.drops().getOrDefault("NO_ROUTE", 0L);
        assertTrue(a1.ping(Ipv4Address.parse("10.0.0.3"), 1) == false);
        drain();
        assertEquals(0, b3.framesReceived());
        assertEquals(noRoute + 1, fabric.drops().get("NO_ROUTE"));
        assertEquals(3, a1.echoRepliesReceived());

        long frames = fabric.stopCapture("node-2");
        assertEquals(3 * 2 + 2, frames, "node-2 received 4 requests and sent 4 replies");
        if (Tshark.available()) {
            List<String> lines = Tshark.fields(dir.resolve("node-2.pcap"), "vxlan.vni", "icmp.type");
            assertEquals(List.of("5001|8", "5001|0", "5001|8", "5001|0", "5001|8", "5001|0", "5002|8", "5002|0"),
                    lines);
        }
    }

    @Test
    void forgedDatagramsNeverReachAnotherTenant() {
        GuestEndpoint a2 = guest("a2", N2, "tenant-a", 0x02_0A_00_00_00_02L, "10.0.0.2");
        GuestEndpoint b2 = guest("b2", N2, "tenant-b", 0x02_0B_00_00_00_02L, "10.0.0.2");
        guest("b1", N1, "tenant-b", 0x02_0B_00_00_00_01L, "10.0.0.1");
        int rogue = Ipv4Address.parse("192.168.100.50").value();
        UnderlayEndpoint rogueHost = underlay.attach(rogue, HostAgent.hostMac(rogue), (b, o, l) -> { });
        int node2 = fabric.providerAddress(N2).value();
        UnsafeBuffer inner = new UnsafeBuffer(new byte[256]);
        UnsafeBuffer outer = new UnsafeBuffer(new byte[512]);
        // Tenant b's VNI with tenant a's MAC inside.
        int len = TestFrames.icmpEcho(inner, 0, 0x02_0B_00_00_00_01L, 0x02_0A_00_00_00_02L, 0x0A00_0001, 0x0A00_0002,
                Wire.ICMP_ECHO_REQUEST, 1, 1, 8);
        rogueHost.send(outer, 0, Encapsulator.vxlan(inner, 0, len, outer, 0, 1, 2, rogue, node2, 5002, 0));
        // Tenant b's own addresses, but 10.0.0.1 is not mapped to the rogue host's address.
        len = TestFrames.icmpEcho(inner, 0, 0x02_0B_00_00_00_01L, 0x02_0B_00_00_00_02L, 0x0A00_0001, 0x0A00_0002,
                Wire.ICMP_ECHO_REQUEST, 1, 2, 8);
        rogueHost.send(outer, 0, Encapsulator.vxlan(inner, 0, len, outer, 0, 1, 2, rogue, node2, 5002, 0));
        // A VNI nobody has.
        rogueHost.send(outer, 0, Encapsulator.vxlan(inner, 0, len, outer, 0, 1, 2, rogue, node2, 9999, 0));
        pollUntil(() -> fabric.drops().getOrDefault("UNKNOWN_VNI", 0L) == 1);
        drain();
        // Both tenant-b frames fail the source check first: no mapping ties 10.0.0.1 to the rogue PA.
        assertEquals(Map.of("SPOOFED", 2L, "UNKNOWN_VNI", 1L), fabric.drops());
        assertEquals(0, a2.framesReceived());
        assertEquals(0, b2.framesReceived());
    }

    @Test
    void nvgreNetworkCarriesGreInUdp() {
        fabric.create(new VirtualNetworkSpec("legacy", 7001, List.of(SPACE), Encapsulation.NVGRE));
        GuestEndpoint x1 = guest("x1", N1, "legacy", 0x02_0C_00_00_00_01L, "10.0.0.1");
        GuestEndpoint x2 = guest("x2", N2, "legacy", 0x02_0C_00_00_00_02L, "10.0.0.2");
        x2.ping(Ipv4Address.parse("10.0.0.1"), 3);
        pollUntil(() -> x2.echoRepliesReceived() == 1);
        assertEquals(1, x1.echoRequestsAnswered());
    }

    @Test
    void portsOnOneNodeTalkWithoutTheUnderlay() throws Exception {
        GuestEndpoint a1 = guest("a1", N1, "tenant-a", 0x02_0A_00_00_00_01L, "10.0.0.1");
        GuestEndpoint a3 = guest("a3", N1, "tenant-a", 0x02_0A_00_00_00_03L, "10.0.0.3");
        Path pcap = dir.resolve("a1.pcap");
        fabric.capture("a1", pcap);
        a1.ping(Ipv4Address.parse("10.0.0.3"), 1);
        assertEquals(4, fabric.stopCapture("a1"), "ARP request and reply, echo request and reply");
        if (Tshark.available()) {
            assertEquals(List.of("1|", "2|", "|8", "|0"), Tshark.fields(pcap, "arp.opcode", "icmp.type"));
        }
        a1.ping(Ipv4Address.parse("10.0.0.3"), 2);
        assertEquals(2, a1.echoRepliesReceived(), "delivered synchronously, no poll");
        assertEquals(2, a3.echoRequestsAnswered());
    }

    @Test
    void badControlInputChangesNothing() {
        guest("a1", N1, "tenant-a", 0x02_0A_00_00_00_01L, "10.0.0.1");
        FabricException dupVni = assertThrows(FabricException.class, () -> fabric.create(
                new VirtualNetworkSpec("tenant-c", 5001, List.of(SPACE), Encapsulation.VXLAN)));
        assertEquals(ErrorCode.ALREADY_EXISTS, dupVni.code());
        FabricException outside = assertThrows(FabricException.class, () -> fabric.attach(new VPortSpec("a9", N1,
                "tenant-a", new MacAddress(0x02_0A_00_00_00_09L), Ipv4Address.parse("10.9.0.1")), f -> { }));
        assertEquals(ErrorCode.INVALID_ARGUMENT, outside.code());
        FabricException taken = assertThrows(FabricException.class, () -> fabric.attach(new VPortSpec("a9", N2,
                "tenant-a", new MacAddress(0x02_0A_00_00_00_09L), Ipv4Address.parse("10.0.0.1")), f -> { }));
        assertEquals(ErrorCode.ALREADY_EXISTS, taken.code());
        FabricException noNode = assertThrows(FabricException.class, () -> fabric.attach(new VPortSpec("a9",
                NodeId.of("node-7"), "tenant-a", new MacAddress(2), Ipv4Address.parse("10.0.0.9")), f -> { }));
        assertEquals(ErrorCode.NOT_FOUND, noNode.code());
        FabricException busy = assertThrows(FabricException.class, () -> fabric.delete("tenant-a"));
        assertEquals(ErrorCode.FAILED_PRECONDITION, busy.code());
        FabricException badPa = assertThrows(FabricException.class, () -> fabric.map(new AddressMapping("tenant-a",
                Ipv4Address.parse("10.0.0.5"), new MacAddress(2), Ipv4Address.parse("172.16.0.1"))));
        assertEquals(ErrorCode.NOT_FOUND, badPa.code());
        assertEquals(2, fabric.networks().size());
        assertEquals(1, fabric.ports().size());
        assertEquals(1, fabric.mappings("tenant-a").size());
    }
}
