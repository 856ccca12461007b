package fabric.sdn.internal.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fabric.api.core.NodeId;
import fabric.api.network.Access;
import fabric.api.network.AddressMapping;
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
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.firewall.DistributedFirewall;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.slb.SoftwareLoadBalancer;
import fabric.api.network.HealthProbe;
import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.LoadBalancingRule;
import fabric.api.network.ProbeProtocol;
import fabric.sdn.internal.underlay.SimulatedUnderlay;
import fabric.journal.testing.MemoryJournal;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Network configuration survives a restart through the journal. */
class NetworkStateTest {

    static final List<NodeId> NODES = List.of(NodeId.of("node-1"), NodeId.of("node-2"));
    final MemoryJournal journal = new MemoryJournal();
    SoftwareLoadBalancer slb;

    record Stack(OverlayFabric overlay, DistributedFirewall firewall, NetworkState state) {
    }

    Stack start() {
        OverlayFabric overlay = new OverlayFabric(NODES, Ipv4Prefix.parse("192.168.100.0/24"),
                new SimulatedUnderlay(() -> 0L, 1), Clock.systemUTC());
        DistributedFirewall firewall = new DistributedFirewall(overlay, () -> 0L);
        NetworkState state = new NetworkState(overlay, firewall, journal);
        slb = new SoftwareLoadBalancer(overlay, new SimulatedUnderlay(() -> 0L, 1), Ipv4Address.parse("192.168.100.200"));
        state.loadBalancer(slb);
        state.replay();
        return new Stack(overlay, firewall, state);
    }

    static final NetworkSecurityGroupSpec WEB = new NetworkSecurityGroupSpec("web", List.of(
            new SecurityRule("allow-web", 200, Direction.INBOUND, Access.ALLOW, Protocol.TCP,
                    List.of(AddressPrefix.parse("Internet"), AddressPrefix.parse("10.1.0.0/16")),
                    List.of(PortRange.ANY), List.of(AddressPrefix.parse("VirtualNetwork")),
                    List.of(PortRange.parse("80"), PortRange.parse("8000-8080"))),
            new SecurityRule("deny-rest", 4096, Direction.INBOUND, Access.DENY, Protocol.ANY,
                    List.of(AddressPrefix.ANY), List.of(PortRange.ANY), List.of(AddressPrefix.ANY), List.of(PortRange.ANY))),
            false);

    @Test
    void networksMappingsGroupsAndSubnetAssociationsAreReplayed() {
        Stack first = start();
        first.state.create(new VirtualNetworkSpec("tenant-a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24"),
                Ipv4Prefix.parse("10.0.1.0/24")), Encapsulation.VXLAN));
        first.state.create(new VirtualNetworkSpec("legacy", 7001, List.of(Ipv4Prefix.parse("10.0.0.0/24")),
                Encapsulation.NVGRE));
        first.state.create(new VirtualNetworkSpec("gone", 9001, List.of(Ipv4Prefix.parse("10.9.0.0/24")),
                Encapsulation.VXLAN));
        first.state.delete("gone");
        AddressMapping m = new AddressMapping("tenant-a", Ipv4Address.parse("10.0.0.7"),
                MacAddress.parse("02:00:00:00:00:07"), first.overlay.providerAddress(NODES.get(1)));
        first.state.map(m);
        first.state.apply(WEB);
        first.state.apply(new NetworkSecurityGroupSpec("tmp", List.of(), true));
        first.state.deleteGroup("tmp");
        first.state.associateSubnet("web", "tenant-a", Ipv4Prefix.parse("10.0.1.0/24"));
        assertThrows(RuntimeException.class, () -> first.state.create(new VirtualNetworkSpec("tenant-a", 5001,
                List.of(Ipv4Prefix.parse("10.0.0.0/24")), Encapsulation.VXLAN)));
        long events = journal.lastIndex();
        first.overlay.close();

        Stack second = start();
        assertEquals(events, journal.lastIndex(), "replay records nothing");
        assertEquals(first.overlay.networks(), second.overlay.networks());
        assertEquals(List.of(m), second.overlay.mappings("tenant-a"));
        assertEquals(List.of(WEB), second.firewall.groups());
        assertEquals(0, second.state.skipped());
        second.overlay.attach(new VPortSpec("p1", NODES.get(0), "tenant-a", MacAddress.parse("02:00:00:00:01:01"),
                Ipv4Address.parse("10.0.1.5")), f -> { });
        assertEquals("web/deny-rest", second.firewall.trace("p1", Direction.INBOUND, Protocol.UDP,
                Ipv4Address.parse("10.0.0.1"), 1, Ipv4Address.parse("10.0.1.5"), 53).decidedBy(),
                "the subnet association came back");
        second.overlay.close();
    }

    @Test
    void rulesSurviveTheirTextForm() {
        assertEquals(WEB.rules(), RuleCodec.decode(RuleCodec.encode(WEB.rules())));
        assertEquals(List.of(), RuleCodec.decode(""));
        assertThrows(IllegalArgumentException.class, () -> RuleCodec.decode("x 1 2"));
    }

    static final LoadBalancerSpec LB = new LoadBalancerSpec("web", "tenant-a", Ipv4Address.parse("10.0.0.100"), "tenant-a",
            List.of("p1", "p2"), List.of(new LoadBalancingRule("http", Protocol.TCP, 80, 8080, "health"),
                    new LoadBalancingRule("dns", Protocol.UDP, 53, 5353, null)),
            List.of(new HealthProbe("health", ProbeProtocol.HTTP, 8080, "/health?a=b|c,d:e;f")), 16);

    @Test
    void loadBalancersAndSubnetDissociationsAreReplayedAndBackendsJoinWhenTheirPortsAttach() {
        Stack first = start();
        first.state.create(new VirtualNetworkSpec("tenant-a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24")),
                Encapsulation.VXLAN));
        first.state.applyLoadBalancer(LB);
        long events = journal.lastIndex();
        first.state.applyLoadBalancer(LB);
        assertEquals(events, journal.lastIndex(), "an unchanged load balancer records nothing");
        first.state.applyLoadBalancer(new LoadBalancerSpec("tmp", "tenant-a", Ipv4Address.parse("10.0.0.101"), "tenant-a",
                List.of("p1"), List.of(), List.of(), 8));
        first.state.deleteLoadBalancer("tmp");
        first.state.apply(WEB);
        first.state.associateSubnet("web", "tenant-a", Ipv4Prefix.parse("10.0.0.0/25"));
        first.state.dissociateSubnet("tenant-a", Ipv4Prefix.parse("10.0.0.0/25"));
        assertThrows(RuntimeException.class, () -> first.state.dissociateSubnet("tenant-a", Ipv4Prefix.parse("10.0.0.0/25")));
        first.overlay.close();

        Stack second = start();
        assertEquals(0, second.state.skipped());
        assertEquals(List.of(LB), slb.specs());
        assertEquals(List.of(false, false), slb.status("web").rules().get(0).backends().stream()
                .map(fabric.api.network.BackendHealth::attached).toList(), "no port attached yet");
        second.overlay.attach(new VPortSpec("p1", NODES.get(0), "tenant-a", MacAddress.parse("02:00:00:00:01:01"),
                Ipv4Address.parse("10.0.0.5")), f -> { });
        assertEquals(1, slb.resolve());
        assertEquals(true, slb.status("web").rules().get(1).backends().get(0).healthy());
        assertEquals("no-group", second.firewall.trace("p1", Direction.INBOUND, Protocol.UDP,
                Ipv4Address.parse("10.0.0.1"), 1, Ipv4Address.parse("10.0.0.5"), 53).decidedBy(),
                "the subnet's group was removed");
        second.overlay.close();
    }

    @Test
    void loadBalancersSurviveTheirTextForm() {
        assertEquals(LB, LoadBalancerCodec.decode(LoadBalancerCodec.encode(LB)));
        assertThrows(IllegalArgumentException.class, () -> LoadBalancerCodec.decode("x|y"));
    }
}
