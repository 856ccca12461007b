package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.teaming.ClassCounters;
import fabric.api.teaming.TeamStatus;
import fabric.api.teaming.Teaming;
import fabric.api.teaming.UplinkStatus;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import fabric.runtime.FabricShell;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the real framework the overlay's VXLAN traffic leaves every node through its SET team:
 * pings between VMs of a tenant are counted in the tenant class of both nodes' teams, and keep
 * flowing when a NIC of each team fails.
 */
class OverlayTeamingTest {

    @TempDir
    Path data;

    EmbeddedFabric fabric;
    FabricShell shell;
    Teaming teaming;

    @BeforeEach
    void start() {
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        shell = fabric.shell();
        teaming = fabric.service(Teaming.class);
    }

    @AfterEach
    void stop() {
        fabric.close();
    }

    static long tx(TeamStatus team, String trafficClass) {
        long n = 0;
        for (UplinkStatus u : team.uplinks()) {
            for (ClassCounters c : u.classes()) {
                if (c.trafficClass().equals(trafficClass)) {
                    n += c.txFrames();
                }
            }
        }
        return n;
    }

    @Test
    void tenantPingsCrossBothTeamsAndSurviveAFailedNic() {
        NodeId n1 = NodeId.of("node-1");
        NodeId n3 = NodeId.of("node-3");
        shell.execute("net:create-vnet tenant-a 5001 10.0.0.0/24");
        shell.execute("net:endpoint a1 node-1 tenant-a 10.0.0.1; net:endpoint a2 node-3 tenant-a 10.0.0.2");
        String ping = shell.execute("net:ping a1 10.0.0.2 5");
        assertTrue(ping.contains("5 sent, 5 received"), ping);
        assertEquals(5, tx(teaming.team(n1), "default"), teaming.team(n1).toString());
        assertEquals(5, tx(teaming.team(n3), "default"), teaming.team(n3).toString());
        assertEquals(0, tx(teaming.team(n1), "storage") + tx(teaming.team(n3), "storage"));

        shell.execute("team:fail-nic node-1 nic-0; team:fail-nic node-3 nic-0");
        ping = shell.execute("net:ping a1 10.0.0.2 5");
        assertTrue(ping.contains("5 sent, 5 received"), ping);
        assertEquals(10, tx(teaming.team(n1), "default"));
        assertEquals(10, tx(teaming.team(n3), "default"));
        String show = shell.execute("team:show node-1");
        assertTrue(show.contains("default"), show);
    }
}
