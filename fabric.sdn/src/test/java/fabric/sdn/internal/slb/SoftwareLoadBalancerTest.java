package fabric.sdn.internal.slb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.network.BackendHealth;
import fabric.api.network.HealthProbe;
import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.LoadBalancingRule;
import fabric.api.network.ProbeProtocol;
import fabric.api.network.Protocol;
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
import java.util.TreeMap;
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
        slb.apply(web(null));
        assertTrue(client.resolve(VIP));
        assertTrue(client.knows(VIP), "the VIP resolves from the mapping table");
    }

    static LoadBalancerSpec web(String httpPath) {
        HealthProbe probe = httpPath == null ? new HealthProbe("p", ProbeProtocol.TCP, 8080, null)
                : new HealthProbe("p", ProbeProtocol.HTTP, 8080, httpPath);
        return new LoadBalancerSpec("web", "tenant-a", VIP, "tenant-a", List.of("d1", "d2", "d3"),
                List.of(new LoadBalancingRule("http", Protocol.TCP, 80, 8080, "p")), List.of(probe), 0);
    }

    Map<String, Boolean> health() {
        Map<String, Boolean> out = new TreeMap<>();
        for (BackendHealth b : slb.status("web").rules().get(0).backends()) {
            out.put(b.port(), b.healthy());
        }
        return out;
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
        assertEquals(Map.of("d1", true, "d2", false, "d3", true), health());
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
        assertTrue(health().get("d2"));
    }

    @Test
    void httpProbesNeedA200() {
        slb.apply(web("/health"));
        backends.get("d1").serveHttp(8080, "/health", 200);
        backends.get("d2").serveHttp(8080, "/health", 503);
        // d3 listens but serves no /health: 404.
        slb.probe();
        assertEquals(2, slb.probe());
        assertEquals(Map.of("d1", true, "d2", false, "d3", false), health());
        backends.get("d3").serveHttp(8080, "/health", 200);
        assertEquals(1, slb.probe());
        for (int p = 43000; p < 43020; p++) {
            assertTrue(!connect(p).equals("d2"));
        }
        assertThrows(IllegalArgumentException.class, () -> new HealthProbe("p", ProbeProtocol.HTTP, 8080, "health"));
    }

    @Test
    void outboundSnatGivesEachBackendTheVipAndPortsOfItsOwnRange() {
        fabric.create(new VirtualNetworkSpec("internet", 1, List.of(Ipv4Prefix.parse("8.0.0.0/8"),
                Ipv4Prefix.parse("20.0.0.0/8")), Encapsulation.VXLAN));
        MacAddress webMac = MacAddress.parse("02:88:08:08:08:08");
        GuestEndpoint web = new GuestEndpoint(webMac, Ipv4Address.parse("8.8.8.8"));
        web.bind(fabric.attach(new VPortSpec("web", NODES.get(2), "internet", webMac, Ipv4Address.parse("8.8.8.8")), web));
        web.listen(443);
        slb.apply(new LoadBalancerSpec("out", "internet", Ipv4Address.parse("20.0.0.1"), "tenant-a",
                List.of("d1", "d2", "d3"), List.of(), List.of(), 4));
        int[][] ranges = {{1024, 1027}, {1028, 1031}, {1032, 1035}};
        String[] names = {"d1", "d2", "d3"};
        for (int b = 0; b < 3; b++) {
            GuestEndpoint dip = backends.get(names[b]);
            dip.gateway(MacAddress.parse("12:34:56:78:9a:bc"));
            int seen = web.tcpSegments().size();
            int replies = dip.tcpSegments().size();
            assertTrue(dip.sendTcp(Ipv4Address.parse("8.8.8.8"), 50000, 443, Wire.TCP_SYN));
            pollUntil(() -> dip.tcpSegments().size() > replies);
            long[] syn = web.tcpSegments().get(seen);
            assertEquals(Ipv4Address.parse("20.0.0.1").value(), (int) syn[0], "the remote sees the VIP");
            assertTrue(syn[1] >= ranges[b][0] && syn[1] <= ranges[b][1], names[b] + " used port " + syn[1]);
            long[] synAck = dip.tcpSegments().get(replies);
            assertEquals(Ipv4Address.parse("8.8.8.8").value(), (int) synAck[0]);
            assertEquals(443, synAck[1]);
            assertEquals(50000, synAck[2], "the reply is translated back to the backend's port");
            assertEquals(Wire.TCP_SYN | Wire.TCP_ACK, synAck[3]);
        }
        // The same flow keeps its port; the range holds four flows, the fifth is refused.
        GuestEndpoint d1 = backends.get("d1");
        for (int p = 50001; p <= 50003; p++) {
            assertTrue(d1.sendTcp(Ipv4Address.parse("8.8.8.8"), p, 443, Wire.TCP_SYN));
        }
        assertTrue(!d1.sendTcp(Ipv4Address.parse("8.8.8.8"), 50004, 443, Wire.TCP_SYN), "range exhausted");
        assertEquals(1L, fabric.drops().get("SNAT_EXHAUSTED"));
        assertTrue(d1.sendTcp(Ipv4Address.parse("8.8.8.8"), 50000, 443, Wire.TCP_SYN), "an existing flow keeps its port");
        assertEquals(1, slb.status("out").outboundFlowsRefused());
        slb.delete("out");
        assertTrue(!d1.sendTcp(Ipv4Address.parse("8.8.8.8"), 50000, 443, Wire.TCP_SYN), "no outbound rule any more");
    }

    @Test
    void badLoadBalancersAreRefusedAndChangeNothing() {
        LoadBalancerSpec before = slb.specs().get(0);
        // The VIP is taken by another load balancer, or is a port's address, or is outside the network.
        assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(FabricException.class, () -> slb.apply(new LoadBalancerSpec(
                "other", "tenant-a", VIP, "tenant-a", List.of("d1"), List.of(new LoadBalancingRule("r", Protocol.UDP, 53,
                        53, null)), List.of(), 0))).code());
        assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(FabricException.class, () -> slb.apply(new LoadBalancerSpec(
                "other", "tenant-a", Ipv4Address.parse("10.0.0.11"), "tenant-a", List.of("d1"),
                List.of(new LoadBalancingRule("r", Protocol.UDP, 53, 53, null)), List.of(), 0))).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class, () -> slb.apply(new LoadBalancerSpec(
                "web", "tenant-a", Ipv4Address.parse("10.9.0.1"), "tenant-a", List.of("d1"),
                List.of(new LoadBalancingRule("r", Protocol.UDP, 53, 53, null)), List.of(), 0))).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class, () -> slb.apply(new LoadBalancerSpec(
                "web", "nowhere", VIP, "tenant-a", List.of("d1"), List.of(new LoadBalancingRule("r", Protocol.UDP, 53,
                        53, null)), List.of(), 0))).code());
        assertThrows(IllegalArgumentException.class, () -> new LoadBalancingRule("icmp", Protocol.ICMP, 1, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new LoadBalancerSpec("x", "tenant-a", VIP, "tenant-a",
                List.of("d1"), List.of(new LoadBalancingRule("r", Protocol.TCP, 80, 80, "missing")), List.of(), 0));
        assertEquals(List.of(before), slb.specs(), "nothing changed");
        assertTrue(connect(40100) != null, "the VIP still works");
    }

    @Test
    void aBackendThatAttachesLaterJoinsAndAReplacedSpecKeepsWorking() {
        LoadBalancerSpec spec = new LoadBalancerSpec("web", "tenant-a", VIP, "tenant-a", List.of("d1", "d2", "d3", "d4"),
                List.of(new LoadBalancingRule("http", Protocol.TCP, 80, 8080, null)), List.of(), 0);
        slb.apply(spec);
        Map<String, Boolean> h = health();
        assertEquals(false, h.get("d4"), "not attached yet: " + h);
        backends.put("d4", guest("d4", NODES.get(0), 14));
        backends.get("d4").listen(8080);
        assertEquals(1, slb.resolve());
        assertEquals(true, health().get("d4"));
        Map<String, Integer> per = new HashMap<>();
        for (int p = 44000; p < 44080; p++) {
            per.merge(connect(p), 1, Integer::sum);
        }
        assertEquals(4, per.size(), "every backend got flows: " + per);
        assertTrue(slb.status("web").rules().get(0).packets() >= 80);
        slb.delete("web");
        assertTrue(slb.specs().isEmpty());
        assertTrue(fabric.mappings("tenant-a").stream().noneMatch(m -> m.customerAddress().equals(VIP)),
                "the VIP's mapping is gone");
    }

    @Test
    void aPublicVipSpreadsClientsOfAnotherNetworkWithDirectServerReturn() {
        fabric.create(new VirtualNetworkSpec("internet", 1, List.of(Ipv4Prefix.parse("203.0.113.0/24"),
                Ipv4Prefix.parse("198.51.100.0/24")), Encapsulation.VXLAN));
        MacAddress cMac = MacAddress.parse("02:c6:33:64:00:0a");
        Ipv4Address cIp = Ipv4Address.parse("198.51.100.10");
        GuestEndpoint outside = new GuestEndpoint(cMac, cIp);
        outside.bind(fabric.attach(new VPortSpec("outside", NODES.get(0), "internet", cMac, cIp), outside));
        Ipv4Address pip = Ipv4Address.parse("203.0.113.7");
        slb.apply(new LoadBalancerSpec("public", "internet", pip, "tenant-a", List.of("d1", "d2", "d3"),
                List.of(new LoadBalancingRule("http", Protocol.TCP, 80, 8080, null)), List.of(), 0));
        assertTrue(outside.resolve(pip));
        Map<String, Integer> per = new HashMap<>();
        for (int p = 45000; p < 45060; p++) {
            Map<String, Integer> before = new HashMap<>();
            backends.forEach((k, v) -> before.put(k, v.tcpSegments().size()));
            int replies = outside.tcpSegments().size();
            assertTrue(outside.sendTcp(pip, p, 80, Wire.TCP_SYN));
            pollUntil(() -> outside.tcpSegments().size() > replies);
            long[] reply = outside.tcpSegments().get(replies);
            assertEquals(pip.value(), (int) reply[0], "the reply comes from the public VIP");
            assertEquals(80, reply[1]);
            assertEquals(Wire.TCP_SYN | Wire.TCP_ACK, reply[3]);
            backends.forEach((k, v) -> {
                if (v.tcpSegments().size() > before.get(k)) {
                    per.merge(k, 1, Integer::sum);
                    assertEquals(cIp.value(), (int) v.tcpSegments().get(v.tcpSegments().size() - 1)[0]);
                }
            });
        }
        assertEquals(3, per.size(), "every backend got flows: " + per);
        assertEquals(60, slb.status("public").rules().get(0).packets(), "only the clients' packets crossed the mux");
    }
}
