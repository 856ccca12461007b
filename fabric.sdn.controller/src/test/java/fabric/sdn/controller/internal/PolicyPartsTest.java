package fabric.sdn.controller.internal;

import static fabric.sdn.controller.internal.Fixture.id;
import static fabric.sdn.controller.internal.Fixture.nsg;
import static fabric.sdn.controller.internal.Fixture.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.HealthProbe;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.ProbeProtocol;
import fabric.api.network.controller.ResourceType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subnet security groups and load balancers in the nodes' policies. */
class PolicyPartsTest {

    static String vnetWithGroup(String group) {
        return "{'properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16']},'subnets':[{'name':'default',"
                + "'properties':{'addressPrefix':'10.0.0.0/22'" + (group == null ? "" : ",'networkSecurityGroup':{'id':'"
                + id(ResourceType.NETWORK_SECURITY_GROUP, group).path() + "'}") + "}}]}}";
    }

    static String nicInPool(String node, String ip, String pool) {
        return "{'properties':{'node':'" + node + "','ipConfigurations':[{'name':'ipconfig1','properties':{'subnet':{'id':'"
                + Fixture.subnetId("v") + "'},'privateIPAddress':'" + ip + "','privateIPAllocationMethod':'Static'"
                + (pool == null ? "" : ",'loadBalancerBackendAddressPools':[{'id':'"
                        + id(ResourceType.LOAD_BALANCER, "lb").path() + "/backendAddressPools/" + pool + "'}]")
                + "}}]}}";
    }

    static String lb(String probe) {
        String lb = id(ResourceType.LOAD_BALANCER, "lb").path() + "/";
        return "{'properties':{'frontendIPConfigurations':[{'name':'fe','properties':{'publicIPAddress':{'id':'"
                + id(ResourceType.PUBLIC_IP_ADDRESS, "ip").path() + "'}}}],'backendAddressPools':[{'name':'pool'}],"
                + "'probes':[{'name':'p','properties':" + probe + "}],"
                + "'loadBalancingRules':[{'name':'http','properties':{'frontendIPConfiguration':{'id':'" + lb
                + "frontendIPConfigurations/fe'},'backendAddressPool':{'id':'" + lb + "backendAddressPools/pool'},"
                + "'probe':{'id':'" + lb + "probes/p'},'protocol':'Tcp','frontendPort':80,'backendPort':8080}}],"
                + "'outboundRules':[{'name':'out','properties':{'frontendIPConfigurations':[{'id':'" + lb
                + "frontendIPConfigurations/fe'}],'backendAddressPool':{'id':'" + lb + "backendAddressPools/pool'}}}]}}";
    }

    static void consistent(Fixture f) {
        for (NodeId n : f.nodes) {
            assertTrue(f.core.compileFromScratch(n).sameContent(f.core.desired(n)), n + " is what a full compile says");
        }
    }

    @Test
    void aSubnetsGroupReachesTheNodesOfItsNetworkAndCannotBeDeletedWhileUsed() {
        Fixture f = new Fixture(4);
        f.put(ResourceType.NETWORK_SECURITY_GROUP, "sg", nsg(rule("r", 100, "Inbound", "Deny", "Tcp", "*")));
        f.put(ResourceType.VIRTUAL_NETWORK, "v", vnetWithGroup("sg"));
        f.put(ResourceType.NETWORK_INTERFACE, "a", nicInPool("node-1", "10.0.0.10", null));
        f.put(ResourceType.NETWORK_INTERFACE, "b", nicInPool("node-3", "10.0.0.11", null));
        NodePolicy.SubnetGroup expected = new NodePolicy.SubnetGroup("v", Ipv4Prefix.parse("10.0.0.0/22"), "sg");
        for (String n : List.of("node-1", "node-3")) {
            NodePolicy p = f.agents.applied.get(NodeId.of(n));
            assertEquals(List.of(expected), p.subnetGroups());
            assertEquals("sg", p.securityGroups().get(0).name());
        }
        assertTrue(f.core.desired(NodeId.of("node-2")).subnetGroups().isEmpty());
        // A rule change reaches the nodes through the incremental path.
        f.put(ResourceType.NETWORK_SECURITY_GROUP, "sg", nsg(rule("r", 100, "Inbound", "Allow", "Tcp", "*")));
        assertEquals("ALLOW", f.agents.applied.get(NodeId.of("node-3")).securityGroups().get(0).rules().get(0).access()
                .name());
        consistent(f);
        FabricException inUse = assertThrows(FabricException.class,
                () -> f.core.delete(id(ResourceType.NETWORK_SECURITY_GROUP, "sg"), null));
        assertEquals(ErrorCode.FAILED_PRECONDITION, inUse.code());
        assertTrue(inUse.getMessage().contains("subnet default"), inUse.getMessage());
        f.put(ResourceType.VIRTUAL_NETWORK, "v", vnetWithGroup(null));
        assertTrue(f.agents.applied.get(NodeId.of("node-1")).subnetGroups().isEmpty());
        assertTrue(f.agents.applied.get(NodeId.of("node-1")).securityGroups().isEmpty());
        assertTrue(f.core.delete(id(ResourceType.NETWORK_SECURITY_GROUP, "sg"), null));
        long version = f.core.version();
        FabricException missing = assertThrows(FabricException.class,
                () -> f.put(ResourceType.VIRTUAL_NETWORK, "v", vnetWithGroup("nope")));
        assertEquals("properties.subnets[0].properties.networkSecurityGroup.id", missing.violations().get(0).field());
        assertEquals(version, f.core.version());
    }

    @Test
    void theMuxOwnerGetsTheLoadBalancerWithItsPoolRulesProbesAndOutboundPorts() {
        Fixture f = new Fixture(4);
        f.put(ResourceType.VIRTUAL_NETWORK, "v", vnetWithGroup(null));
        f.put(ResourceType.PUBLIC_IP_ADDRESS, "ip", "{'properties':{'publicIPAllocationMethod':'Static','ipAddress':'203.0.113.9'}}");
        f.put(ResourceType.LOAD_BALANCER, "lb", lb("{'protocol':'Http','port':8080,'requestPath':'/health'}"));
        List<String> nics = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            f.put(ResourceType.NETWORK_INTERFACE, "n" + i, nicInPool("node-" + (i + 1), "10.0.0.1" + i, "pool"));
            nics.add("n" + i);
        }
        NodeId owner = new PolicyCompiler(f.nodes, java.util.Map.of()).muxOwner(Ipv4Address.parse("203.0.113.9"));
        NodePolicy p = f.agents.applied.get(owner);
        assertEquals(1, p.loadBalancers().size(), p.toString());
        LoadBalancerSpec spec = p.loadBalancers().get(0);
        assertEquals("lb-fe-pool", spec.name());
        assertEquals("internet", spec.frontendNetwork());
        assertEquals("v", spec.backendNetwork());
        assertEquals(nics, spec.backends());
        assertEquals(List.of(new HealthProbe("p", ProbeProtocol.HTTP, 8080, "/health")), spec.probes());
        assertEquals(1024, spec.outboundPortsPerBackend());
        assertTrue(p.vnets().stream().anyMatch(v -> v.name().equals("internet")) && p.vnets().stream()
                .anyMatch(v -> v.name().equals("v")), "the owner creates the frontend and backend networks");
        for (NodeId n : f.nodes) {
            if (!n.equals(owner)) {
                assertTrue(f.core.desired(n).loadBalancers().isEmpty());
            }
        }
        // A NIC leaving the pool leaves the mux owner's spec.
        f.put(ResourceType.NETWORK_INTERFACE, "n1", nicInPool("node-2", "10.0.0.11", null));
        assertEquals(List.of("n0", "n2"), f.agents.applied.get(owner).loadBalancers().get(0).backends());
        consistent(f);
        // Bad probes are refused with their field.
        long version = f.core.version();
        FabricException bad = assertThrows(FabricException.class, () -> f.put(ResourceType.LOAD_BALANCER, "lb",
                lb("{'protocol':'Http','port':8080,'requestPath':'health'}")));
        assertEquals("properties.probes[0].properties.requestPath", bad.violations().get(0).field());
        assertEquals(version, f.core.version());
    }

    @Test
    void aGroupWrittenAgainRevalidatesWhatChangedAndStillSeesEveryConflict() {
        Fixture f = new Fixture(2);
        String r0 = rule("r0", 100, "Inbound", "Allow", "Tcp", "10.0.0.0/8");
        String r1 = rule("r1", 200, "Inbound", "Deny", "Udp", "*");
        String r2 = rule("r2", 300, "Outbound", "Allow", "*", "*");
        f.put(ResourceType.NETWORK_SECURITY_GROUP, "g", nsg(r0, r1, r2));
        long version = f.core.version();
        FabricException dup = assertThrows(FabricException.class, () -> f.put(ResourceType.NETWORK_SECURITY_GROUP, "g",
                nsg(r0, rule("r1", 100, "Inbound", "Deny", "Udp", "*"), r2)));
        assertEquals("properties.securityRules[1].properties.priority", dup.violations().get(0).field());
        FabricException bad = assertThrows(FabricException.class, () -> f.put(ResourceType.NETWORK_SECURITY_GROUP, "g",
                nsg(r0, r1, rule("r2", 300, "Outbound", "Allow", "*", "10.0.0.0/33"))));
        assertEquals("properties.securityRules[2].properties.sourceAddressPrefix", bad.violations().get(0).field());
        FabricException twice = assertThrows(FabricException.class, () -> f.put(ResourceType.NETWORK_SECURITY_GROUP,
                "g", nsg(r0, r1, r2, rule("r0", 400, "Inbound", "Allow", "Tcp", "*"))));
        assertEquals("properties.securityRules[3].name", twice.violations().get(0).field());
        assertEquals(version, f.core.version(), "nothing changed");
        // Reordered: every rule is at another place, validated again, kept in the order given.
        f.put(ResourceType.NETWORK_SECURITY_GROUP, "g", nsg(r2, r0, r1));
        Model.Nsg g = f.core.state(id(ResourceType.NETWORK_SECURITY_GROUP, "g"));
        assertEquals(List.of("r2", "r0", "r1"), g.spec().rules().stream().map(r -> r.name()).toList());
        assertEquals(f.replayed().state(id(ResourceType.NETWORK_SECURITY_GROUP, "g")).spec(), g.spec(),
                "the journal replays the same group");
    }
}
