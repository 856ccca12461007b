package fabric.sdn.controller.internal;

import static fabric.sdn.controller.internal.Fixture.nic;
import static fabric.sdn.controller.internal.Fixture.nsg;
import static fabric.sdn.controller.internal.Fixture.rule;
import static fabric.sdn.controller.internal.Fixture.vnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.network.controller.NetworkResource;
import fabric.api.network.controller.ResourceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every rejection names the field and the reason, and changes nothing: no version, no journal record, no push. */
class ValidationTest {

    private static final ResourceType VNET = ResourceType.VIRTUAL_NETWORK;
    private static final ResourceType NIC = ResourceType.NETWORK_INTERFACE;
    private static final ResourceType NSG = ResourceType.NETWORK_SECURITY_GROUP;
    private static final ResourceType LB = ResourceType.LOAD_BALANCER;
    private static final ResourceType PIP = ResourceType.PUBLIC_IP_ADDRESS;

    Fixture f;

    @BeforeEach
    void setUp() {
        f = new Fixture(4);
        f.put(VNET, "v1", vnet("10.0.0.0/16", "10.0.1.0/24"));
        f.put(NSG, "web", nsg(rule("a", 100, "Inbound", "Allow", "Tcp", "*")));
        f.put(NIC, "n1", nic("node-1", "v1", "10.0.1.10", "web"));
    }

    private void rejected(ResourceType type, String name, String json, String field, String reason) {
        long version = f.core.version();
        int journal = f.journal.size();
        int pushes = f.agents.calls;
        String before = f.core.get(Fixture.id(type, name)).map(NetworkResource::json).orElse(null);
        FabricException e = assertThrows(FabricException.class, () -> f.put(type, name, json));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), e.getMessage());
        assertTrue(e.violations().stream().anyMatch(v -> v.field().equals(field) && v.reason().contains(reason)),
                "expected " + field + ": " + reason + " in " + e.violations());
        assertEquals(version, f.core.version(), "no new version");
        assertEquals(journal, f.journal.size(), "nothing journaled");
        assertEquals(pushes, f.agents.calls, "nothing pushed");
        assertEquals(before, f.core.get(Fixture.id(type, name)).map(NetworkResource::json).orElse(null));
    }

    @Test
    void virtualNetworks() {
        rejected(VNET, "v2", "{'properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16','10.0.128.0/17']}}}",
                "properties.addressSpace.addressPrefixes[1]", "overlaps 10.0.0.0/16");
        rejected(VNET, "v2", "{'properties':{'addressSpace':{'addressPrefixes':[]}}}",
                "properties.addressSpace.addressPrefixes", "at least one");
        rejected(VNET, "v2", "{'properties':{'addressSpace':{'addressPrefixes':['10.0.0.1/16']}}}",
                "properties.addressSpace.addressPrefixes[0]", "not a CIDR prefix");
        rejected(VNET, "v2", vnet("10.0.0.0/16", "10.1.0.0/24"), "properties.subnets[0].properties.addressPrefix",
                "outside the address space");
        rejected(VNET, "v2", "{'properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16']},'subnets':["
                + "{'name':'a','properties':{'addressPrefix':'10.0.0.0/24'}},{'name':'b','properties':{'addressPrefix':'10.0.0.128/25'}}]}}",
                "properties.subnets[1].properties.addressPrefix", "overlaps subnet a");
        rejected(VNET, "v2", "{'properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16']},'subnets':["
                + "{'name':'a','properties':{'addressPrefix':'10.0.0.0/24'}},{'name':'a','properties':{'addressPrefix':'10.0.1.0/24'}}]}}",
                "properties.subnets[1].name", "two subnets");
        rejected(VNET, "v2", "{'properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16']},'encapsulation':'gre'}}",
                "properties.encapsulation", "not vxlan or nvgre");
        rejected(VNET, "v2", "{'name':'other','properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16']}}}",
                "name", "differs");
        rejected(VNET, "v2", "{'properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16']},'subnets':["
                + "{'name':'a','properties':{'addressPrefix':'10.0.0.0/24','networkSecurityGroup':{'id':'x'}}}]}}",
                "properties.subnets[0].properties.networkSecurityGroup.id", "is not a");
        rejected(VNET, "v1", "{'properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16']},'subnets':["
                + "{'name':'other','properties':{'addressPrefix':'10.0.1.0/24'}}]}}", "properties.subnets",
                "subnet default is in use by n1");
        // Shrinking a subnet away from a NIC's address breaks the NIC: refused.
        rejected(VNET, "v1", vnet("10.0.0.0/16", "10.0.2.0/24"), "properties.subnets", "no longer hold 10.0.1.10");
    }

    @Test
    void networkInterfaces() {
        rejected(NIC, "n2", nic("node-1", "v1", "10.0.2.10", null),
                "properties.ipConfigurations[0].properties.privateIPAddress", "outside subnet default");
        rejected(NIC, "n2", nic("node-1", "v1", "10.0.1.10", null),
                "properties.ipConfigurations[0].properties.privateIPAddress", "already used by n1");
        rejected(NIC, "n2", nic("node-1", "v1", "10.0.1.2", null),
                "properties.ipConfigurations[0].properties.privateIPAddress", "reserved");
        rejected(NIC, "n2", nic("node-9", "v1", null, null), "properties.node", "not a node");
        rejected(NIC, "n2", nic("node-1", "nope", null, null), "properties.ipConfigurations[0].properties.subnet.id",
                "does not exist");
        rejected(NIC, "n2", nic("node-1", "v1", null, "missing"), "properties.networkSecurityGroup.id", "does not exist");
        rejected(NIC, "n2", "{'properties':{'node':'node-1','ipConfigurations':[]}}", "properties.ipConfigurations",
                "exactly one");
        rejected(NIC, "n2", nic("node-1", "v1", null, null).replace("/subnets/default", "/subnetz/default"),
                "properties.ipConfigurations[0].properties.subnet.id", "not a subnet id");
        rejected(NIC, "n2", nic("node-1", "v1", null, null).replace("/subnets/default", "/subnets/nope"),
                "properties.ipConfigurations[0].properties.subnet.id", "has no subnet nope");
        rejected(NIC, "n2", nic("node-1", "v1", "10.0.1.20", null).replace("'Static'", "'Sometimes'"),
                "properties.ipConfigurations[0].properties.privateIPAllocationMethod", "not Static or Dynamic");
        f.put(VNET, "v3", vnet("10.9.0.0/16", "10.9.1.0/24"));
        rejected(NIC, "n1", nic("node-1", "v3", null, "web"), "properties.ipConfigurations[0].properties.subnet.id",
                "cannot move to another virtual network");
        String dupMac = nic("node-2", "v1", null, null).replace("'node':", "'macAddress':'"
                + f.core.get(Fixture.id(NIC, "n1")).get().json().replaceAll(".*\"macAddress\":\"([^\"]+)\".*", "$1") + "','node':");
        rejected(NIC, "n2", dupMac, "properties.macAddress", "already used by n1");
        rejected(NIC, "n2", nic("node-1", "v1", null, null).replace("'node':", "'macAddress':'01-00-5E-00-00-01','node':"),
                "properties.macAddress", "not a unicast");
    }

    @Test
    void securityGroups() {
        rejected(NSG, "g2", nsg(rule("a", 100, "Inbound", "Allow", "Tcp", "*"), rule("b", 100, "Inbound", "Deny", "Udp", "*")),
                "properties.securityRules[1].properties.priority", "also used by the inbound rule securityRules[0]");
        rejected(NSG, "g2", nsg(rule("a", 100, "Inbound", "Allow", "Tcp", "*"), rule("A", 200, "Inbound", "Deny", "Udp", "*")),
                "properties.securityRules[1].name", "also securityRules[0]");
        rejected(NSG, "g2", nsg(rule("a", 99, "Inbound", "Allow", "Tcp", "*")),
                "properties.securityRules[0].properties.priority", "not 100-4096");
        rejected(NSG, "g2", nsg(rule("a", 100, "Sideways", "Allow", "Tcp", "*")),
                "properties.securityRules[0].properties.direction", "not one of");
        rejected(NSG, "g2", nsg(rule("a", 100, "Inbound", "Maybe", "Tcp", "*")),
                "properties.securityRules[0].properties.access", "not one of");
        rejected(NSG, "g2", nsg(rule("a", 100, "Inbound", "Allow", "Sctp", "*")),
                "properties.securityRules[0].properties.protocol", "not one of");
        rejected(NSG, "g2", nsg(rule("a", 100, "Inbound", "Allow", "Tcp", "10.0.0.300")),
                "properties.securityRules[0].properties.sourceAddressPrefix", "not valid");
        // The same priority in the other direction is fine.
        f.put(NSG, "g2", nsg(rule("a", 100, "Inbound", "Allow", "Tcp", "*"), rule("b", 100, "Outbound", "Deny", "Udp", "*")));
    }

    @Test
    void publicAddressesAndLoadBalancers() {
        rejected(PIP, "p1", "{'properties':{'publicIPAllocationMethod':'Static','ipAddress':'198.51.100.1'}}",
                "properties.ipAddress", "outside the public address pool");
        NetworkResource p1 = f.put(PIP, "p1", "{'properties':{}}");
        assertTrue(p1.json().contains("\"ipAddress\":\"203.0.113.1\""), p1.json());
        rejected(PIP, "p2", "{'properties':{'publicIPAllocationMethod':'Static','ipAddress':'203.0.113.1'}}",
                "properties.ipAddress", "already used by p1");
        rejected(PIP, "p2", "{'properties':{'publicIPAllocationMethod':'Sometimes'}}",
                "properties.publicIPAllocationMethod", "not Static or Dynamic");
        String lbId = Fixture.id(LB, "lb1").path();
        String pipId = Fixture.id(PIP, "p1").path();
        String good = "{'properties':{'frontendIPConfigurations':[{'name':'fe','properties':{'publicIPAddress':{'id':'" + pipId
                + "'}}}],'backendAddressPools':[{'name':'pool'}],'probes':[{'name':'pr','properties':{'protocol':'Tcp','port':80}}],"
                + "'loadBalancingRules':[{'name':'http','properties':{'frontendIPConfiguration':{'id':'" + lbId
                + "/frontendIPConfigurations/fe'},'backendAddressPool':{'id':'" + lbId + "/backendAddressPools/pool'},"
                + "'probe':{'id':'" + lbId + "/probes/pr'},'protocol':'Tcp','frontendPort':80,'backendPort':8080}}],"
                + "'outboundRules':[{'name':'out','properties':{'frontendIPConfigurations':[{'id':'" + lbId
                + "/frontendIPConfigurations/fe'}],'backendAddressPool':{'id':'" + lbId + "/backendAddressPools/pool'}}}]}}";
        rejected(LB, "lb1", good.replace("/backendAddressPools/pool'},'probe'", "/backendAddressPools/nope'},'probe'"),
                "properties.loadBalancingRules[0].properties.backendAddressPool.id", "no backendAddressPools entry named nope");
        rejected(LB, "lb1", good.replace("'frontendPort':80", "'frontendPort':70000"),
                "properties.loadBalancingRules[0].properties.frontendPort", "not a port");
        rejected(LB, "lb1", good.replace("'protocol':'Tcp','frontendPort'", "'protocol':'Icmp','frontendPort'"),
                "properties.loadBalancingRules[0].properties.protocol", "not one of");
        rejected(LB, "lb1", good.replace(pipId, Fixture.id(PIP, "p9").path()),
                "properties.frontendIPConfigurations[0].properties.publicIPAddress.id", "does not exist");
        rejected(LB, "lb1", good.replace("/probes/pr'", "/probes/px'"), "properties.loadBalancingRules[0].properties.probe.id",
                "no probes entry named px");
        rejected(LB, "lb1", good.replace("'backendPort':8080}}]", "'backendPort':8080}},{'name':'again','properties':{"
                + "'frontendIPConfiguration':{'id':'" + lbId + "/frontendIPConfigurations/fe'},'backendAddressPool':{'id':'"
                + lbId + "/backendAddressPools/pool'},'protocol':'Tcp','frontendPort':80,'backendPort':81}}]"),
                "properties.loadBalancingRules[1].properties.frontendPort", "already balances TCP port 80");
        rejected(LB, "lb1", good.replace("'outboundRules':[{'name':'out','properties':{'frontendIPConfigurations':[{'id':'"
                + lbId + "/frontendIPConfigurations/fe'}]", "'outboundRules':[{'name':'out','properties':{'frontendIPConfigurations':[]"),
                "properties.outboundRules[0].properties.frontendIPConfigurations", "exactly one frontend");
        rejected(LB, "lb1", "{'properties':{'frontendIPConfigurations':[]}}", "properties.frontendIPConfigurations",
                "at least one");
        f.put(LB, "lb1", good);
        rejected(LB, "lb2", good.replace("lb1", "lb2"),
                "properties.frontendIPConfigurations[0].properties.publicIPAddress.id", "already the frontend of lb1");
        NetworkResource nic = f.put(NIC, "n2", nic("node-2", "v1", null, null).replace("'}}}]", "'},"
                + "'loadBalancerBackendAddressPools':[{'id':'" + lbId + "/backendAddressPools/pool'}]}}]"));
        assertTrue(nic.json().contains("10.0.1.4"), "first free address after the reserved ones: " + nic.json());
        assertEquals(1, f.core.desired(f.nodes.get(1)).natRules().size());
        rejected(LB, "lb1", good.replace("{'name':'pool'}", "{'name':'pool2'}").replace("backendAddressPools/pool'", "backendAddressPools/pool2'"),
                "properties.backendAddressPools", "pool pool is in use by n2");
    }

    @Test
    void badJsonAndReferencesInUse() {
        FabricException notJson = assertThrows(FabricException.class,
                () -> f.core.put(Fixture.id(VNET, "v9"), "{nope", null, null));
        assertEquals("body", notJson.violations().get(0).field());
        FabricException notObject = assertThrows(FabricException.class, () -> f.core.put(Fixture.id(VNET, "v9"), "[]", null, null));
        assertEquals(ErrorCode.INVALID_ARGUMENT, notObject.code());
        FabricException sameName = assertThrows(FabricException.class, () -> f.core.put(
                new fabric.api.network.controller.ResourceId("sub-2", "rg", VNET, "v1"), vnet("10.0.0.0/16", "10.0.1.0/24").replace('\'', '"'),
                null, null));
        assertEquals(ErrorCode.ALREADY_EXISTS, sameName.code());
        long version = f.core.version();
        FabricException inUse = assertThrows(FabricException.class, () -> f.core.delete(Fixture.id(NSG, "web"), null));
        assertEquals(ErrorCode.FAILED_PRECONDITION, inUse.code());
        assertTrue(inUse.getMessage().contains("n1"), inUse.getMessage());
        assertThrows(FabricException.class, () -> f.core.delete(Fixture.id(VNET, "v1"), null));
        assertEquals(version, f.core.version());
        assertTrue(f.core.delete(Fixture.id(NIC, "n1"), null));
        assertTrue(f.core.delete(Fixture.id(NSG, "web"), null));
        assertFalse(f.core.delete(Fixture.id(NSG, "web"), null));
    }

    @Test
    void replayRebuildsTheSameState() {
        f.put(NIC, "n2", nic("node-3", "v1", null, null));
        f.put(NSG, "web", nsg(rule("a", 100, "Inbound", "Deny", "Tcp", "*")));
        f.core.delete(Fixture.id(NIC, "n2"), null);
        ControllerCore again = f.replayed();
        assertEquals(f.core.version(), again.version());
        for (ResourceType t : ResourceType.values()) {
            assertEquals(f.core.list("sub-1", null, t).stream().map(NetworkResource::etag).toList(),
                    again.list("sub-1", null, t).stream().map(NetworkResource::etag).toList());
        }
        assertEquals(f.core.get(Fixture.id(VNET, "v1")).get().json().replace("Succeeded", "x").replace("Updating", "x"),
                again.get(Fixture.id(VNET, "v1")).get().json().replace("Succeeded", "x").replace("Updating", "x"));
        for (var n : f.nodes) {
            assertTrue(f.core.desired(n).sameContent(again.desired(n)), n.toString());
        }
    }
}
