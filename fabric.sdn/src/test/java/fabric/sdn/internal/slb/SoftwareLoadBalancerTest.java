package fabric.sdn.internal.slb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.overlay.GuestEndpoint;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.underlay.UdpUnderlay;
import fabric.sdn.internal.wire.Wire;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A VIP over three backends on two nodes, a client on a third, real UDP underneath. */
class SoftwareLoadBalancerTest {

    static final List<NodeId> NODES = List.of(NodeId.of("node-1"), NodeId.of("node-2"), NodeId.of("node-3"));
    static final Ipv4Address VIP = Ipv4Address.parse("10.0.0.100");
    OverlayFabric fabric;
    SoftwareLoadBalancer slb;
    GuestEndpoint client;
    Map<String, GuestEndpoint> backends = new HashMap<>();

    @BeforeEach
    void start() {
        UdpUnderlay underlay = UdpUnderlay.loopback();
        fabric = new OverlayFabric(NODES, Ipv4Prefix.parse("192.168.100.0/24"), underlay, Clock.systemUTC());
        fabric.create(new VirtualNetworkSpec("tenant-a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24")),
                Encapsulation.VXLAN));
        client = guest("client", NODES.get(0), 5);
        backends.put("d1", guest("d1", NODES.get(1), 11));
        backends.put("d2", guest("d2", NODES.get(2), 12));
        backends.put("d3", guest("d3", NODES.get(2), 13));
        backends.values().forEach(b -> b.listen(8080));
        slb = new SoftwareLoadBalancer(fabric, underlay, Ipv4Address.parse("192.168.100.200"));
        slb.createVip("web", "tenant-a", VIP, MacAddress.parse("02:1b:00:00:00:64"), Wire.PROTO_TCP, 80, 8080,
                List.of("d1", "d2", "d3"));
        assertTrue(client.resolve(VIP));
        assertTrue(client.knows(VIP), "the VIP resolves from the mapping table");
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

    void pollUntil(BooleanSupplier done) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean()) {
            fabric.poll();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; drops " + fabric.drops());
            }
        }
    }

    /** Opens a flow from a client port; returns the backend that got the SYN. */
    String connect(int clientPort) {
        Map<String, Integer> before = new HashMap<>();
        backends.forEach((k, v) -> before.put(k, v.tcpSegments().size()));
        int replies = client.tcpSegments().size();
        assertTrue(client.sendTcp(VIP, clientPort, 80, Wire.TCP_SYN));
        pollUntil(() -> client.tcpSegments().size() > replies);
        long[] reply = client.tcpSegments().get(replies);
        assertEquals(VIP.value(), (int) reply[0], "the reply comes from the VIP");
        assertEquals(80, reply[1], "from the VIP's port");
        assertEquals(clientPort, reply[2]);
        assertEquals(Wire.TCP_SYN | Wire.TCP_ACK, reply[3]);
        String chosen = null;
        for (Map.Entry<String, GuestEndpoint> e : backends.entrySet()) {
            List<long[]> segs = e.getValue().tcpSegments();
            if (segs.size() > before.get(e.getKey())) {
                long[] syn = segs.get(segs.size() - 1);
                assertEquals(0x0A00_0005, (int) syn[0], "the backend sees the client's address");
                assertEquals(8080, syn[2], "NAT to the backend port");
                chosen = e.getKey();
            }
        }
        return chosen;
    }

    @Test
    void flowsSpreadOverBackendsWithNatAndDirectServerReturn() {
        Map<String, Integer> perBackend = new HashMap<>();
        for (int p = 40000; p < 40060; p++) {
            perBackend.merge(connect(p), 1, Integer::sum);
        }
        assertEquals(3, perBackend.size(), "every backend got flows: " + perBackend);
        assertEquals(60, slb.mux().forwarded(), "the mux saw only the client's packets: replies bypassed it");
        // Affinity: the same flow again goes to the same backend.
        String first = connect(40000);
        assertEquals(first, connect(40000));
    }

    @Test
    void probesTakeAFailedBackendOutAndExistingFlowsOfOthersStay() {
        assertEquals(0, slb.probe());
        Map<Integer, String> flows = new HashMap<>();
        for (int p = 41000; p < 41030; p++) {
            flows.put(p, connect(p));
        }
        backends.get("d2").close(8080);
        assertEquals(0, slb.probe(), "one failed probe is not enough");
        assertEquals(1, slb.probe());
        assertEquals(Map.of("d1", true, "d2", false, "d3", true), slb.health("web"));
        for (Map.Entry<Integer, String> f : flows.entrySet()) {
            String now = connect(f.getKey());
            if (!f.getValue().equals("d2")) {
                assertEquals(f.getValue(), now, "flow " + f.getKey() + " keeps its backend");
            } else {
                assertTrue(!now.equals("d2"), "flows of the failed backend move");
            }
        }
        for (int p = 42000; p < 42030; p++) {
            assertTrue(!connect(p).equals("d2"), "new flows avoid the failed backend");
        }
        backends.get("d2").listen(8080);
        assertEquals(1, slb.probe());
        assertTrue(slb.health("web").get("d2"));
    }

    @Test
    void badVipRulesAreRefused() {
        assertThrows(FabricException.class, () -> slb.createVip("web", "tenant-a", Ipv4Address.parse("10.0.0.101"),
                MacAddress.parse("02:1b:00:00:00:65"), Wire.PROTO_TCP, 80, 80, List.of("d1")));
        assertThrows(FabricException.class, () -> slb.createVip("icmp", "tenant-a", Ipv4Address.parse("10.0.0.101"),
                MacAddress.parse("02:1b:00:00:00:65"), Wire.PROTO_ICMP, 0, 0, List.of("d1")));
        assertThrows(FabricException.class, () -> slb.createVip("none", "tenant-a", Ipv4Address.parse("10.0.0.101"),
                MacAddress.parse("02:1b:00:00:00:65"), Wire.PROTO_TCP, 80, 80, List.of("zz")));
    }
}
