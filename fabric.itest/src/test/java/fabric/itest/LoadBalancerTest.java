package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.network.BackendHealth;
import fabric.api.network.Ipv4Address;
import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.LoadBalancers;
import fabric.api.network.MacAddress;
import fabric.api.network.RuleStatus;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworks;
import fabric.api.network.controller.NetworkController;
import fabric.api.network.controller.NodePolicyStatus;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end test: over real HTTP the controller gets a tenant network, a security group,
 * a public IP, a load balancer and three NICs in its pool; guests plug into the NICs; an outside
 * client's TCP connections to the public VIP reach the backends, spread over them, and the SYN-ACKs
 * come back from the VIP without crossing the mux (DSR); a backend that fails its probe gets no new
 * flows; a deny rule blocks the flows; a bad body is refused with its field and changes nothing.
 */
class LoadBalancerTest {

    private static final String RG = "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Network/";
    private static final String API = "?api-version=2023-09-01";
    private static final Ipv4Address VIP = Ipv4Address.parse("203.0.113.10");
    private static final Ipv4Address CLIENT = Ipv4Address.parse("198.51.100.10");

    @TempDir
    Path data;

    EmbeddedFabric fabric;
    NetworkController controller;
    LoadBalancers loadBalancers;
    VirtualNetworks networks;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        controller = fabric.service(NetworkController.class);
        loadBalancers = fabric.service(LoadBalancers.class);
        networks = fabric.service(VirtualNetworks.class);
    }

    @AfterEach
    void stop() {
        fabric.close();
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(controller.endpoint().orElseThrow() + RG + path + API))
                .PUT(HttpRequest.BodyPublishers.ofString(body.replace('\'', '"'))).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static String nsg(String extraRule) {
        return "{'properties':{'securityRules':[" + extraRule + "{'name':'web','properties':{'priority':200,"
                + "'direction':'Inbound','access':'Allow','protocol':'Tcp','sourceAddressPrefix':'*',"
                + "'sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'8080'}}]}}";
    }

    private static final String POOL = ",'loadBalancerBackendAddressPools':[{'id':'" + RG
            + "loadBalancers/web/backendAddressPools/pool'}]";

    private static String nic(String node, String ip, String mac) {
        return "{'properties':{'node':'" + node + "','macAddress':'" + mac + "','networkSecurityGroup':{'id':'" + RG
                + "networkSecurityGroups/web'},'ipConfigurations':[{'name':'ipconfig1','properties':{'subnet':{'id':'"
                + RG + "virtualNetworks/tenant/subnets/default'},'privateIPAddress':'" + ip
                + "','privateIPAllocationMethod':'Static'" + POOL + "}}]}}";
    }

    private static String lb(int frontendPort) {
        String lb = RG + "loadBalancers/web/";
        return "{'properties':{'frontendIPConfigurations':[{'name':'fe','properties':{'publicIPAddress':{'id':'" + RG
                + "publicIPAddresses/web-ip'}}}],'backendAddressPools':[{'name':'pool'}],"
                + "'probes':[{'name':'alive','properties':{'protocol':'Tcp','port':8080}}],"
                + "'loadBalancingRules':[{'name':'http','properties':{'frontendIPConfiguration':{'id':'" + lb
                + "frontendIPConfigurations/fe'},'backendAddressPool':{'id':'" + lb + "backendAddressPools/pool'},"
                + "'probe':{'id':'" + lb + "probes/alive'},'protocol':'Tcp','frontendPort':" + frontendPort
                + ",'backendPort':8080}}]}}";
    }

    private static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    /** Opens one flow from the client; returns the backend that got its SYN, or null when none answered. */
    private String connect(TcpGuest client, Map<String, TcpGuest> backends, int clientPort, boolean expectAnswer) {
        Map<String, Integer> before = new HashMap<>();
        backends.forEach((k, v) -> before.put(k, v.segments().size()));
        int replies = client.segments().size();
        assertTrue(client.connect(VIP, clientPort, 80));
        if (!expectAnswer) {
            return null;
        }
        await(() -> client.segments().size() > replies, "the SYN-ACK of flow " + clientPort);
        TcpGuest.Segment reply = client.segments().get(replies);
        assertEquals(VIP, reply.from(), "the reply comes from the VIP");
        assertEquals(80, reply.fromPort());
        assertEquals(clientPort, reply.toPort());
        assertTrue(reply.synAck(), reply.toString());
        String chosen = null;
        for (Map.Entry<String, TcpGuest> e : backends.entrySet()) {
            List<TcpGuest.Segment> segs = e.getValue().segments();
            if (segs.size() > before.get(e.getKey())) {
                TcpGuest.Segment syn = segs.get(segs.size() - 1);
                assertEquals(CLIENT, syn.from(), "the backend sees the client's address");
                assertEquals(8080, syn.toPort(), "NAT to the backend port");
                chosen = e.getKey();
            }
        }
        return chosen;
    }

    private RuleStatus rule(String name) {
        return loadBalancers.status(name).rules().get(0);
    }

    @Test
    void aPublicVipOverRestCarriesTrafficToHealthyBackendsWithDirectServerReturn() throws Exception {
        assertEquals(201, put("virtualNetworks/tenant", vnet("")).statusCode());
        assertEquals(201, put("networkSecurityGroups/web", nsg("")).statusCode());
        assertEquals(201, put("publicIPAddresses/web-ip", "{'properties':{'publicIPAllocationMethod':'Static',"
                + "'ipAddress':'203.0.113.10'}}").statusCode());
        HttpResponse<String> created = put("loadBalancers/web", lb(80));
        assertEquals(201, created.statusCode(), created.body());
        Map<String, TcpGuest> backends = new LinkedHashMap<>();
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> r = put("networkInterfaces/nic-" + i, nic("node-" + i, "10.0.1.1" + i, "02-00-00-00-01-0" + i));
            assertEquals(201, r.statusCode(), r.body());
        }
        assertTrue(controller.status().stream().allMatch(NodePolicyStatus::converged), controller.status().toString());

        // The mux owner's agent installed the load balancer through the LoadBalancers service.
        List<LoadBalancerSpec> specs = loadBalancers.loadBalancers();
        assertEquals(1, specs.size(), specs.toString());
        LoadBalancerSpec spec = specs.get(0);
        assertEquals("web-fe-pool", spec.name());
        assertEquals(VIP, spec.frontendAddress());
        assertEquals(List.of("nic-1", "nic-2", "nic-3"), spec.backends());
        assertEquals(1, controller.status().stream().mapToInt(NodePolicyStatus::vips).sum());

        // VMs plug into the NICs; an outside client attaches to the public network.
        for (int i = 1; i <= 3; i++) {
            TcpGuest g = new TcpGuest(MacAddress.parse("02:00:00:00:01:0" + i), Ipv4Address.parse("10.0.1.1" + i));
            g.bind(controller.plug(new ResourceId("sub-1", "rg-1", ResourceType.NETWORK_INTERFACE, "nic-" + i), g));
            g.listen(8080);
            backends.put("nic-" + i, g);
        }
        TcpGuest client = new TcpGuest(MacAddress.parse("02:c6:33:64:00:0a"), CLIENT);
        client.bind(networks.attach(new VPortSpec("client", NodeId.of("node-4"), spec.frontendNetwork(),
                MacAddress.parse("02:c6:33:64:00:0a"), CLIENT), client));
        assertTrue(client.arp(VIP));
        await(() -> client.neighbour(VIP) != null, "the VIP's ARP answer");
        assertEquals(0, loadBalancers.probe(), "every backend answers its probe");

        Map<String, Integer> spread = new HashMap<>();
        for (int p = 40000; p < 40060; p++) {
            spread.merge(connect(client, backends, p, true), 1, Integer::sum);
        }
        assertEquals(3, spread.size(), "every backend got flows: " + spread);
        assertEquals(60, rule(spec.name()).packets(), "only the clients' SYNs crossed the mux, replies went direct");

        // A backend that stops listening fails its probe twice and gets no new flows.
        backends.get("nic-2").close(8080);
        loadBalancers.probe();
        loadBalancers.probe();
        Map<String, Boolean> health = new HashMap<>();
        for (BackendHealth b : rule(spec.name()).backends()) {
            health.put(b.port(), b.healthy());
        }
        assertEquals(Map.of("nic-1", true, "nic-2", false, "nic-3", true), health);
        for (int p = 41000; p < 41030; p++) {
            String chosen = connect(client, backends, p, true);
            assertFalse("nic-2".equals(chosen), "flow " + p + " went to the failed backend");
        }

        // A bad body is refused with the field and changes nothing.
        long version = controller.version();
        HttpResponse<String> bad = put("loadBalancers/web", lb(70000));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("\"target\":\"properties.loadBalancingRules[0].properties.frontendPort\""),
                bad.body());
        assertEquals(version, controller.version());
        assertEquals(specs, loadBalancers.loadBalancers());

        // A deny rule ahead of the allow rule blocks new flows at the backends' vNICs.
        String deny = "{'name':'block','properties':{'priority':100,'direction':'Inbound','access':'Deny',"
                + "'protocol':'Tcp','sourceAddressPrefix':'198.51.100.0/24','sourcePortRange':'*',"
                + "'destinationAddressPrefix':'*','destinationPortRange':'8080'}}";
        assertEquals(200, put("networkSecurityGroups/web", nsg(deny + ",")).statusCode());
        expectBlocked(client, backends, spec.name(), 42000);
        assertEquals(200, put("networkSecurityGroups/web", nsg("")).statusCode());
        assertTrue(connect(client, backends, 42100, true) != null, "allowed again");

        // The same deny rule in a group on the backends' subnet blocks them too, until the subnet lets go of it.
        assertEquals(201, put("networkSecurityGroups/edge", "{'properties':{'securityRules':[" + deny + "]}}")
                .statusCode());
        assertEquals(200, put("virtualNetworks/tenant", vnet(",'networkSecurityGroup':{'id':'" + RG
                + "networkSecurityGroups/edge'}")).statusCode());
        expectBlocked(client, backends, spec.name(), 43000);
        assertEquals(200, put("virtualNetworks/tenant", vnet("")).statusCode());
        assertTrue(connect(client, backends, 43100, true) != null, "the subnet's group is gone");
        assertTrue(controller.status().stream().allMatch(NodePolicyStatus::converged), controller.status().toString());
    }

    @Test
    void aRestartBringsTheLoadBalancerBackWithItsBackendsAttached() throws Exception {
        assertEquals(201, put("virtualNetworks/tenant", vnet("")).statusCode());
        assertEquals(201, put("networkSecurityGroups/web", nsg("")).statusCode());
        assertEquals(201, put("publicIPAddresses/web-ip", "{'properties':{'publicIPAllocationMethod':'Static',"
                + "'ipAddress':'203.0.113.10'}}").statusCode());
        assertEquals(201, put("loadBalancers/web", lb(80)).statusCode());
        assertEquals(201, put("networkInterfaces/nic-1", nic("node-1", "10.0.1.11", "02-00-00-00-01-01")).statusCode());
        assertEquals(201, put("networkInterfaces/nic-2", nic("node-2", "10.0.1.12", "02-00-00-00-01-02")).statusCode());
        List<LoadBalancerSpec> before = loadBalancers.loadBalancers();
        assertEquals(1, before.size());
        fabric.close();
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        controller = fabric.service(NetworkController.class);
        loadBalancers = fabric.service(LoadBalancers.class);
        assertEquals(before, loadBalancers.loadBalancers(), "replayed, and the controller's push agrees");
        for (BackendHealth b : rule("web-fe-pool").backends()) {
            assertTrue(b.attached() && b.healthy(), b.toString());
        }
        assertTrue(controller.status().stream().allMatch(NodePolicyStatus::converged), controller.status().toString());
        // Deleting the load balancer through REST (after its NICs leave the pool) removes it from the data plane.
        assertEquals(200, put("networkInterfaces/nic-1", nic("node-1", "10.0.1.11", "02-00-00-00-01-01")
                .replace(POOL, "")).statusCode());
        assertEquals(List.of("nic-2"), loadBalancers.loadBalancers().get(0).backends());
        assertEquals(200, put("networkInterfaces/nic-2", nic("node-2", "10.0.1.12", "02-00-00-00-01-02")
                .replace(POOL, "")).statusCode());
        assertEquals(List.of(), loadBalancers.loadBalancers(), "a pool without NICs has nothing to balance");
        HttpRequest delete = HttpRequest.newBuilder(URI.create(controller.endpoint().orElseThrow() + RG
                + "loadBalancers/web" + API)).DELETE().build();
        assertEquals(200, http.send(delete, HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    private static String vnet(String subnetGroup) {
        return "{'properties':{'addressSpace':{'addressPrefixes':['10.0.0.0/16']},'subnets':[{'name':'default',"
                + "'properties':{'addressPrefix':'10.0.1.0/24'" + subnetGroup + "}}]}}";
    }

    /** Ten new flows cross the mux and are dropped by the firewall at the backends, none answered. */
    private void expectBlocked(TcpGuest client, Map<String, TcpGuest> backends, String lb, int firstPort) {
        long firewallDrops = networks.drops().getOrDefault("FIREWALL", 0L);
        long packets = rule(lb).packets();
        int answers = client.segments().size();
        for (int p = firstPort; p < firstPort + 10; p++) {
            connect(client, backends, p, false);
        }
        await(() -> rule(lb).packets() == packets + 10, "the mux forwarding the blocked SYNs");
        await(() -> networks.drops().getOrDefault("FIREWALL", 0L) >= firewallDrops + 10, "the firewall's drops");
        assertEquals(answers, client.segments().size(), "no blocked flow was answered");
    }
}
