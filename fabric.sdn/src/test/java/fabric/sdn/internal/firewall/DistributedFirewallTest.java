package fabric.sdn.internal.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.Access;
import fabric.api.network.AddressPrefix;
import fabric.api.network.Direction;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.PortRange;
import fabric.api.network.Protocol;
import fabric.api.network.SecurityRule;
import fabric.api.network.ShadowedRule;
import fabric.api.network.TraceResult;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.overlay.GuestEndpoint;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.underlay.UdpUnderlay;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The firewall in the data path of one host (local delivery is synchronous: no polling, no timing). */
class DistributedFirewallTest {

    static final NodeId N1 = NodeId.of("node-1");
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    OverlayFabric overlay;
    DistributedFirewall firewall;
    GuestEndpoint a1;
    GuestEndpoint a2;
    GuestEndpoint a200;

    @BeforeEach
    void start() {
        overlay = new OverlayFabric(List.of(N1), Ipv4Prefix.parse("192.168.100.0/24"), UdpUnderlay.loopback(),
                Clock.systemUTC());
        firewall = new DistributedFirewall(overlay, nanos::get);
        overlay.create(new VirtualNetworkSpec("tenant-a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24")),
                Encapsulation.VXLAN));
        a1 = guest("a1", 1, "10.0.0.1");
        a2 = guest("a2", 2, "10.0.0.2");
        a200 = guest("a200", 200, "10.0.0.200");
    }

    @AfterEach
    void stop() {
        overlay.close();
    }

    GuestEndpoint guest(String name, int n, String ip) {
        MacAddress mac = new MacAddress(0x02_0A_00_00_00_00L + n);
        GuestEndpoint g = new GuestEndpoint(mac, Ipv4Address.parse(ip));
        VPort port = overlay.attach(new VPortSpec(name, N1, "tenant-a", mac, Ipv4Address.parse(ip)), g);
        g.bind(port);
        return g;
    }

    static SecurityRule rule(String name, int priority, Direction d, Access a, Protocol p, String src, String dst,
            String dstPorts) {
        return new SecurityRule(name, priority, d, a, p, List.of(AddressPrefix.parse(src)), List.of(PortRange.ANY),
                List.of(AddressPrefix.parse(dst)), List.of(PortRange.parse(dstPorts)));
    }

    static Ipv4Address ip(String s) {
        return Ipv4Address.parse(s);
    }

    @Test
    void defaultRulesAllowTheVirtualNetworkAndTheProbeAndDenyTheRest() {
        firewall.apply(new NetworkSecurityGroupSpec("empty", List.of(), true));
        firewall.associatePort("empty", "a2");
        a1.ping(ip("10.0.0.2"), 1);
        assertEquals(1, a1.echoRepliesReceived());
        Map<String, Long> hits = firewall.hits("empty");
        assertEquals(1L, hits.get("AllowVnetInBound"), hits.toString());
        assertEquals(0L, hits.get("AllowVnetOutBound"), "the reply is allowed by the request's flow state: " + hits);

        TraceResult internet = firewall.trace("a2", Direction.INBOUND, Protocol.TCP, ip("8.8.8.8"), 40000,
                ip("10.0.0.2"), 80);
        assertEquals(Access.DENY, internet.access());
        assertEquals("empty/DenyAllInBound", internet.decidedBy());
        TraceResult probe = firewall.trace("a2", Direction.INBOUND, Protocol.TCP, ip("168.63.129.16"), 40000,
                ip("10.0.0.2"), 80);
        assertEquals("empty/AllowAzureLoadBalancerInBound", probe.decidedBy());
        TraceResult out = firewall.trace("a2", Direction.OUTBOUND, Protocol.UDP, ip("10.0.0.2"), 5000,
                ip("1.1.1.1"), 53);
        assertEquals("empty/AllowInternetOutBound", out.decidedBy());
        assertEquals(1L, firewall.hits("empty").get("AllowVnetInBound"), "traces count nothing");
    }

    @Test
    void aDenyRuleDropsOnlyWhatItMatchesAndTraceNamesIt() {
        firewall.apply(new NetworkSecurityGroupSpec("web", List.of(
                rule("deny-icmp-from-a1", 100, Direction.INBOUND, Access.DENY, Protocol.ICMP, "10.0.0.1", "*", "*")),
                true));
        firewall.associatePort("web", "a2");
        a1.ping(ip("10.0.0.2"), 1);
        assertEquals(0, a1.echoRepliesReceived());
        assertEquals(0, a2.echoRequestsAnswered());
        assertEquals(1L, overlay.drops().get("FIREWALL"));
        a200.ping(ip("10.0.0.2"), 1);
        assertEquals(1, a200.echoRepliesReceived());
        assertEquals(Map.of("deny-icmp-from-a1", 1L, "AllowVnetInBound", 1L, "AllowAzureLoadBalancerInBound", 0L,
                "DenyAllInBound", 0L, "AllowVnetOutBound", 0L, "AllowInternetOutBound", 0L, "DenyAllOutBound", 0L),
                firewall.hits("web"));
        TraceResult t = firewall.trace("a2", Direction.INBOUND, Protocol.ICMP, ip("10.0.0.1"), 0, ip("10.0.0.2"), 0);
        assertEquals(Access.DENY, t.access());
        assertEquals("web/deny-icmp-from-a1", t.decidedBy());
        assertTrue(t.steps().get(t.steps().size() - 1).contains("priority 100"), t.steps().toString());
    }

    @Test
    void statefulReturnTrafficPassesUntilTheFlowAgesOut() {
        firewall.apply(new NetworkSecurityGroupSpec("locked", List.of(
                rule("deny-all-in", 4096, Direction.INBOUND, Access.DENY, Protocol.ANY, "*", "*", "*")), true));
        firewall.associatePort("locked", "a2");
        a1.ping(ip("10.0.0.2"), 1);
        assertEquals(0, a1.echoRepliesReceived(), "inbound is denied");
        a2.ping(ip("10.0.0.1"), 1);
        assertEquals(1, a2.echoRepliesReceived(), "the reply of a2's own flow comes back in");
        assertEquals(1, firewall.liveFlows("a2"));
        TraceResult t = firewall.trace("a2", Direction.INBOUND, Protocol.ICMP, ip("10.0.0.1"), 0x4242, ip("10.0.0.2"),
                0x4242);
        assertEquals("connection-state", t.decidedBy());

        nanos.addAndGet(DistributedFirewall.OTHER_IDLE_NANOS + 1);
        assertEquals(0, firewall.liveFlows("a2"));
        a1.ping(ip("10.0.0.2"), 2);
        assertEquals(0, a1.echoRepliesReceived(), "aged out: the rules decide again");
        assertEquals(2L, firewall.hits("locked").get("deny-all-in"));
    }

    @Test
    void statelessGroupsJudgeEveryPacketByTheRules() {
        firewall.apply(new NetworkSecurityGroupSpec("locked", List.of(
                rule("deny-all-in", 4096, Direction.INBOUND, Access.DENY, Protocol.ANY, "*", "*", "*")), false));
        firewall.associatePort("locked", "a2");
        a2.ping(ip("10.0.0.1"), 1);
        assertEquals(1, a1.echoRequestsAnswered(), "out is allowed");
        assertEquals(0, a2.echoRepliesReceived(), "the reply is judged by the inbound rules: denied");
        assertEquals(0, firewall.liveFlows("a2"));
    }

    @Test
    void subnetGroupAppliesToThePortsInsideItsPrefix() {
        firewall.apply(new NetworkSecurityGroupSpec("low-half", List.of(
                rule("no-icmp", 200, Direction.INBOUND, Access.DENY, Protocol.ICMP, "*", "*", "*")), true));
        firewall.associateSubnet("low-half", "tenant-a", Ipv4Prefix.parse("10.0.0.0/25"));
        a1.ping(ip("10.0.0.2"), 1);
        assertEquals(0, a1.echoRepliesReceived());
        a1.ping(ip("10.0.0.200"), 1);
        assertEquals(1, a1.echoRepliesReceived());
        TraceResult t = firewall.trace("a2", Direction.INBOUND, Protocol.ICMP, ip("10.0.0.1"), 0, ip("10.0.0.2"), 0);
        assertTrue(t.steps().get(2).startsWith("subnet 10.0.0.0/25 group low-half"), t.steps().toString());
    }

    @Test
    void shadowedRulesAreReportedWhenTheGroupIsCompiled() {
        List<ShadowedRule> shadowed = firewall.apply(new NetworkSecurityGroupSpec("web", List.of(
                rule("allow-web", 200, Direction.INBOUND, Access.ALLOW, Protocol.TCP, "*", "10.0.0.0/24", "80"),
                rule("deny-web-from-x", 300, Direction.INBOUND, Access.DENY, Protocol.TCP, "10.0.0.5", "10.0.0.2",
                        "80"),
                rule("allow-any-web", 310, Direction.INBOUND, Access.ALLOW, Protocol.ANY, "*", "10.0.0.2", "80")),
                true));
        assertEquals(List.of(new ShadowedRule("deny-web-from-x", "allow-web", false)), shadowed);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        assertThrows(IllegalArgumentException.class, () -> rule("x", 50, Direction.INBOUND, Access.DENY,
                Protocol.TCP, "*", "*", "*"));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSecurityGroupSpec("dup", List.of(
                rule("a", 100, Direction.INBOUND, Access.DENY, Protocol.TCP, "*", "*", "*"),
                rule("b", 100, Direction.INBOUND, Access.DENY, Protocol.UDP, "*", "*", "*")), true));
        firewall.apply(new NetworkSecurityGroupSpec("g", List.of(), true));
        FabricException noPort = assertThrows(FabricException.class, () -> firewall.associatePort("g", "zz"));
        assertEquals(ErrorCode.NOT_FOUND, noPort.code());
        FabricException outside = assertThrows(FabricException.class,
                () -> firewall.associateSubnet("g", "tenant-a", Ipv4Prefix.parse("10.1.0.0/24")));
        assertEquals(ErrorCode.INVALID_ARGUMENT, outside.code());
        firewall.associatePort("g", "a1");
        FabricException inUse = assertThrows(FabricException.class, () -> firewall.delete("g"));
        assertEquals(ErrorCode.FAILED_PRECONDITION, inUse.code());
        assertEquals(1, firewall.groups().size());
        a200.ping(ip("10.0.0.1"), 1);
        assertEquals(1, a200.echoRepliesReceived(), "the group still applies, with its defaults");
    }
}
