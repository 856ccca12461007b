package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.Ipv4Address;
import fabric.api.network.VirtualNetworks;
import fabric.api.teaming.Teaming;
import fabric.api.teaming.UplinkStatus;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import fabric.runtime.FabricShell;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network data plane in the real framework: overlay over real UDP, driven through the shell. */
class NetworkTest {

    @TempDir
    Path data;

    EmbeddedFabric fabric;
    FabricShell shell;
    VirtualNetworks networks;

    @BeforeEach
    void start() {
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        shell = fabric.shell();
        networks = fabric.service(VirtualNetworks.class);
    }

    @AfterEach
    void stop() {
        fabric.close();
    }

    @Test
    void everyNodeHasAProviderAddress() {
        assertEquals(4, networks.providerAddresses().size());
        assertEquals(Ipv4Address.parse("192.168.100.2"), networks.providerAddress(NodeId.of("node-2")));
        String out = shell.execute("net:hosts");
        assertTrue(out.contains("node-4") && out.contains("192.168.100.4"), out);
    }

    @Test
    void twoTenantsWithTheSameAddressesPingOnlyTheirOwn() throws Exception {
        shell.execute("net:create-vnet tenant-a 5001 10.0.0.0/24");
        shell.execute("net:create-vnet tenant-b 5002 10.0.0.0/24");
        shell.execute("net:endpoint a1 node-1 tenant-a 10.0.0.1; net:endpoint a2 node-3 tenant-a 10.0.0.2");
        shell.execute("net:endpoint b1 node-1 tenant-b 10.0.0.1; net:endpoint b3 node-2 tenant-b 10.0.0.3");
        Path pcap = data.resolve("node-3.pcap");
        shell.execute("net:capture node-3 " + pcap);

        String ping = shell.execute("net:ping a1 10.0.0.2 2");
        assertTrue(ping.contains("2 sent, 2 received"), ping);
        assertTrue(shell.execute("net:stop-capture node-3").contains(": 4 frames"));
        assertTrue(Files.size(pcap) > 24 + 4 * 16);

        // 10.0.0.3 exists only in tenant b.
        FabricException unreachable = assertThrows(FabricException.class,
                () -> shell.execute("net:ping a1 10.0.0.3 1"));
        assertEquals(ErrorCode.FAILED_PRECONDITION, unreachable.code());
        assertTrue(shell.execute("net:ping b1 10.0.0.3 1").contains("1 received"));
        assertFalse(shell.execute("net:drops").isBlank());
        String ports = shell.execute("net:ports");
        assertTrue(ports.contains("a2") && ports.contains("node-3"), ports);
    }

    @Test
    void aSecurityGroupDropsAndTraceExplains() {
        shell.execute("net:create-vnet tenant-a 5001 10.0.0.0/24");
        shell.execute("net:endpoint a1 node-1 tenant-a 10.0.0.1; net:endpoint a2 node-2 tenant-a 10.0.0.2");
        shell.execute("net:create-nsg web");
        String compiled = shell.execute("net:nsg-rule web no-ping 100 inbound deny icmp 10.0.0.1 any any any");
        assertTrue(compiled.contains("compiled"), compiled);
        String shadow = shell.execute("net:nsg-rule web no-ping-2 200 inbound deny icmp 10.0.0.0/24 any any any");
        assertFalse(shadow.contains("warning"), shadow);
        shadow = shell.execute("net:nsg-rule web no-ping-3 300 inbound deny icmp 10.0.0.1 any 10.0.0.2 any");
        assertTrue(shadow.contains("no-ping-3 is shadowed by no-ping"), shadow);
        shell.execute("net:associate-nsg web a2");
        assertThrows(FabricException.class, () -> shell.execute("net:ping a1 10.0.0.2 1"));
        String trace = shell.execute("net:trace a2 inbound icmp 10.0.0.1 10.0.0.2");
        assertTrue(trace.contains("verdict: DENY (decided by web/no-ping)"), trace);
        String table = shell.execute("net:nsg web");
        assertTrue(table.contains("no-ping") && table.contains("DenyAllInBound"), table);
        shell.execute("net:dissociate-nsg a2");
        assertTrue(shell.execute("net:ping a1 10.0.0.2 1").contains("1 received"));
        FabricException badRule = assertThrows(FabricException.class,
                () -> shell.execute("net:nsg-rule web bad 5000 inbound deny icmp any any any any"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, badRule.code());
    }

    @Test
    void aLoadBalancedVipProbesItsBackends() {
        shell.execute("net:create-vnet tenant-a 5001 10.0.0.0/24");
        shell.execute("net:endpoint d1 node-2 tenant-a 10.0.0.11; net:endpoint d2 node-3 tenant-a 10.0.0.12");
        shell.execute("net:listen d1 8080");
        shell.execute("net:lb-create web tenant-a 10.0.0.100 tcp 80 8080 d1,d2");
        shell.execute("net:lb-probe");
        String health = shell.execute("net:lb-probe");
        assertTrue(health.contains("1 backends changed health"), health);
        String table = shell.execute("net:lb-health web");
        assertTrue(table.matches("(?s).*d1\\s+up.*d2\\s+DOWN.*"), table);
        assertTrue(shell.execute("net:mappings tenant-a").contains("10.0.0.100"), "the VIP is mapped to the mux");
        FabricException badProto = assertThrows(FabricException.class,
                () -> shell.execute("net:lb-create x tenant-a 10.0.0.101 icmp 80 80 d1"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, badProto.code());
        assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(FabricException.class,
                () -> shell.execute("net:lb-create other tenant-a 10.0.0.100 udp 53 53 d1")).code(), "the VIP is taken");
        String lbs = shell.execute("net:lbs");
        assertTrue(lbs.contains("web") && lbs.contains("tcp 80->8080") && lbs.contains("d1,d2"), lbs);
        shell.execute("net:create-vnet internet 7 198.51.100.0/24");
        shell.execute("net:lb-outbound out internet 198.51.100.1 64 d1,d2");
        assertTrue(shell.execute("net:lbs").contains("64 ports each"));
        shell.execute("net:lb-delete web");
        assertFalse(shell.execute("net:mappings tenant-a").contains("10.0.0.100"), "the VIP's mapping is gone");
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                () -> shell.execute("net:lb-health web")).code());
    }

    @Test
    void teamsFailOverAndRefuseBadRequests() {
        String teams = shell.execute("team:teams");
        assertTrue(teams.contains("node-4") && teams.contains("2/2") && teams.contains("storage [3] 50% lossless"),
                teams);
        String failed = shell.execute("team:fail-nic node-1 nic-0");
        assertTrue(failed.contains("FAILED"), failed);
        Teaming teaming = fabric.service(Teaming.class);
        UplinkStatus survivor = teaming.team(NodeId.of("node-1")).uplinks().get(1);
        assertTrue(survivor.up());
        FabricException last = assertThrows(FabricException.class, () -> shell.execute("team:fail-nic node-1 nic-1"));
        assertEquals(ErrorCode.FAILED_PRECONDITION, last.code());
        FabricException unknown = assertThrows(FabricException.class,
                () -> shell.execute("team:configure node-1 nic-0,nic-9 hyper-v-port"));
        assertEquals(ErrorCode.NOT_FOUND, unknown.code());
        FabricException tooMany = assertThrows(FabricException.class,
                () -> shell.execute("team:configure node-1 a,b,c,d,e,f,g,h,i dynamic"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, tooMany.code());
        assertTrue(!teaming.team(NodeId.of("node-1")).uplinks().get(0).up(), "nothing changed");
        shell.execute("team:restore-nic node-1 nic-0");
        String configured = shell.execute("team:configure node-2 nic-0,nic-1 hyper-v-port");
        assertTrue(configured.contains("host-smb-1") && configured.contains("HYPER_V_PORT"), configured);
    }

    @Test
    void networksAndSecurityGroupsSurviveARestart() {
        shell.execute("net:create-vnet tenant-a 5001 10.0.0.0/24; net:create-nsg web stateless");
        shell.execute("net:nsg-rule web no-ssh 100 inbound deny tcp any any any 22");
        shell.execute("net:associate-subnet web tenant-a 10.0.0.0/25");
        fabric.close();
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        shell = fabric.shell();
        assertTrue(shell.execute("net:vnets").contains("tenant-a"));
        String nsg = shell.execute("net:nsg web");
        assertTrue(nsg.contains("no-ssh") && nsg.contains("stateless"), nsg);
        shell.execute("net:endpoint a1 node-1 tenant-a 10.0.0.1");
        String trace = shell.execute("net:trace a1 inbound tcp 10.0.0.9:5000 10.0.0.1:22");
        assertTrue(trace.contains("decided by web/no-ssh"), trace);
        shell.execute("net:dissociate-subnet tenant-a 10.0.0.0/25");
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                () -> shell.execute("net:dissociate-subnet tenant-a 10.0.0.0/25")).code());
        fabric.close();
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        shell = fabric.shell();
        shell.execute("net:endpoint a1 node-1 tenant-a 10.0.0.1");
        String after = shell.execute("net:trace a1 inbound tcp 10.0.0.9:5000 10.0.0.1:22");
        assertFalse(after.contains("web/no-ssh"), "the dissociation was journaled too: " + after);
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        shell.execute("net:create-vnet tenant-a 5001 10.0.0.0/24");
        FabricException dup = assertThrows(FabricException.class,
                () -> shell.execute("net:create-vnet tenant-b 5001 10.1.0.0/24"));
        assertEquals(ErrorCode.ALREADY_EXISTS, dup.code());
        FabricException badPrefix = assertThrows(FabricException.class,
                () -> shell.execute("net:create-vnet tenant-c 5003 10.0.0.1/24"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, badPrefix.code());
        FabricException outside = assertThrows(FabricException.class,
                () -> shell.execute("net:endpoint x node-1 tenant-a 192.168.1.1"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, outside.code());
        assertEquals(1, networks.networks().size());
        assertTrue(networks.ports().isEmpty());
        assertTrue(shell.execute("help").contains("net:createVnet"));
    }
}
