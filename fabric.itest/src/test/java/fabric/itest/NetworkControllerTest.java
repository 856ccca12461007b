package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.VPort;
import fabric.api.network.VirtualNetworks;
import fabric.api.network.controller.NetworkController;
import fabric.api.network.controller.NodePolicyStatus;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import fabric.runtime.FabricShell;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network controller in the real framework: ARM REST over real HTTP creates a virtual network, a
 * security group and vNICs on two nodes; the data plane carries pings to them; a deny rule put
 * through REST stops the pings; a failed node is reconciled when it returns; a restart replays the
 * desired state.
 */
class NetworkControllerTest {

    private static final String RG = "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Network/";
    private static final String API = "?api-version=2023-09-01";

    @TempDir
    Path data;

    EmbeddedFabric fabric;
    FabricShell shell;
    NetworkController controller;
    HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        shell = fabric.shell();
        controller = fabric.service(NetworkController.class);
    }

    @AfterEach
    void stop() {
        fabric.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String ifMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(controller.endpoint().orElseThrow() + RG + path + API))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.replace('\'', '"')));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String nic(String node, String ip) {
        return "{'properties':{'node':'" + node + "','networkSecurityGroup':{'id':'" + RG
                + "networkSecurityGroups/web'},'ipConfigurations':[{'name':'ipconfig1','properties':{'subnet':{'id':'"
                + RG + "virtualNetworks/tenant/subnets/default'},'privateIPAddress':'" + ip
                + "','privateIPAllocationMethod':'Static'}}]}}";
    }

    private static String nsg(String access) {
        return "{'properties':{'stateful':false,'securityRules':[{'name':'ping','properties':{'priority':100,'direction':'Inbound',"
                + "'access':'" + access + "','protocol':'Icmp','sourceAddressPrefix':'10.0.1.200','sourcePortRange':'*',"
                + "'destinationAddressPrefix':'*','destinationPortRange':'*'}}]}}";
    }

    @Test
    void restCreatesANetworkTheDataPlaneCarriesAndADenyRuleStopsIt() throws Exception {
        assertEquals(201, send("PUT", "virtualNetworks/tenant", "{'properties':{'addressSpace':{'addressPrefixes':"
                + "['10.0.0.0/16']},'subnets':[{'name':'default','properties':{'addressPrefix':'10.0.1.0/24'}}]}}", null)
                .statusCode());
        assertEquals(201, send("PUT", "networkSecurityGroups/web", nsg("Allow"), null).statusCode());
        assertEquals(201, send("PUT", "networkInterfaces/nic-a", nic("node-1", "10.0.1.10"), null).statusCode());
        HttpResponse<String> b = send("PUT", "networkInterfaces/nic-b", nic("node-2", "10.0.1.11"), null);
        assertEquals(201, b.statusCode(), b.body());
        assertTrue(b.body().contains("\"provisioningState\":\"Succeeded\""), b.body());

        VirtualNetworks networks = fabric.service(VirtualNetworks.class);
        VPort a = networks.port("nic-a").orElseThrow();
        assertEquals(NodeId.of("node-1"), a.spec().node());
        assertEquals(NodeId.of("node-2"), networks.port("nic-b").orElseThrow().spec().node());
        String status = shell.execute("nc:status");
        assertTrue(status.contains("desired-state version 4"), status);
        assertTrue(controller.status().stream().allMatch(NodePolicyStatus::converged), status);

        // The data plane carries traffic from another node to both vNICs.
        shell.execute("net:endpoint probe node-3 tenant 10.0.1.200");
        assertTrue(shell.execute("net:ping probe 10.0.1.10 2").contains("2 received"));
        assertTrue(shell.execute("net:ping probe 10.0.1.11 2").contains("2 received"));

        // A bad body is refused with the field and changes nothing.
        long version = controller.version();
        HttpResponse<String> bad = send("PUT", "networkInterfaces/nic-c", nic("node-3", "10.0.2.10"), null);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().startsWith("{\"error\":{\"code\":\"InvalidRequestContent\"") && bad.body().contains(
                "\"target\":\"properties.ipConfigurations[0].properties.privateIPAddress\""), bad.body());
        assertEquals(version, controller.version());
        assertTrue(networks.port("nic-c").isEmpty());

        // A deny rule, written with the current ETag, stops the pings (the group is stateless, so the
        // earlier echo flow is judged again); a stale ETag is refused.
        String etag = send("GET", "networkSecurityGroups/web", null, null).headers().firstValue("ETag").orElseThrow();
        assertEquals(200, send("PUT", "networkSecurityGroups/web", nsg("Deny"), etag).statusCode());
        assertEquals(412, send("PUT", "networkSecurityGroups/web", nsg("Allow"), etag).statusCode());
        assertThrows(FabricException.class, () -> shell.execute("net:ping probe 10.0.1.11 1"));
        String trace = shell.execute("net:trace nic-b inbound icmp 10.0.1.200 10.0.1.11");
        assertTrue(trace.contains("DENY") && trace.contains("web/ping"), trace);

        // A node that is down misses a change and is reconciled when it returns.
        shell.execute("fabric:fail-node node-2");
        HttpResponse<String> allow = send("PUT", "networkSecurityGroups/web", nsg("Allow"), null);
        assertEquals(200, allow.statusCode());
        NodePolicyStatus node2 = controller.status().get(1);
        assertTrue(!node2.up() && !node2.converged(), node2.toString());
        shell.execute("fabric:recover-node node-2");
        controller.reconcile();
        assertTrue(controller.status().stream().allMatch(NodePolicyStatus::converged), shell.execute("nc:status"));
        assertTrue(shell.execute("net:ping probe 10.0.1.11 1").contains("1 received"));

        String list = send("GET", "networkInterfaces", null, null).body();
        assertEquals(2, list.split("\"type\":\"Microsoft.Network/networkInterfaces\"", -1).length - 1, list);
        assertTrue(shell.execute("nc:nics").contains("10.0.1.11"));
        assertEquals(controller.endpoint().orElseThrow().toString(), shell.execute("nc:endpoint").strip());

        // Bad input through the shell is refused and changes nothing; a group in use cannot go.
        long before = controller.version();
        FabricException badShell = assertThrows(FabricException.class, () -> shell.execute(
                "nc:put virtualNetworks other '{\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/8\",\"10.1.0.0/16\"]}}}'"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, badShell.code());
        assertTrue(badShell.getMessage().contains("overlaps"), badShell.getMessage());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                () -> shell.execute("nc:delete networkInterfaces nope")).code());
        assertEquals(409, send("DELETE", "networkSecurityGroups/web", null, null).statusCode());
        assertEquals(before, controller.version());

        // Deleting a NIC detaches its port from the data plane.
        assertEquals(200, send("DELETE", "networkInterfaces/nic-a", null, null).statusCode());
        assertTrue(networks.port("nic-a").isEmpty());
        assertTrue(controller.status().stream().allMatch(NodePolicyStatus::converged));
    }

    @Test
    void aRestartReplaysTheDesiredStateAndThePortsComeBack() throws Exception {
        assertEquals(201, send("PUT", "virtualNetworks/tenant", "{'properties':{'addressSpace':{'addressPrefixes':"
                + "['10.0.0.0/16']},'subnets':[{'name':'default','properties':{'addressPrefix':'10.0.1.0/24'}}]}}", null)
                .statusCode());
        assertEquals(201, send("PUT", "networkSecurityGroups/web", nsg("Allow"), null).statusCode());
        assertEquals(201, send("PUT", "networkInterfaces/nic-a", nic("node-3", "10.0.1.10"), null).statusCode());
        String vnet = shell.execute("nc:vnets");
        fabric.close();
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        shell = fabric.shell();
        controller = fabric.service(NetworkController.class);
        assertEquals(3, controller.version());
        assertEquals(vnet, shell.execute("nc:vnets"));
        assertEquals(NodeId.of("node-3"), fabric.service(VirtualNetworks.class).port("nic-a").orElseThrow().spec().node());
        assertTrue(controller.status().stream().allMatch(NodePolicyStatus::converged));
    }
}
