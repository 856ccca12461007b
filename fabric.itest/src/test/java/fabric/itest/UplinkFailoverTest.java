package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
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
 * In the real framework, on the UDP underlay: each NIC of a team is its own attachment to the
 * provider network, so pulling one NIC's link ({@code net:link}) is seen by the team as lost carrier
 * and the tenant's pings keep flowing through the other NIC; PFC and classes through the shell; bad
 * requests are refused and change nothing.
 */
class UplinkFailoverTest {

    static final NodeId N1 = NodeId.of("node-1");

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

    private UplinkStatus uplink(String nic) {
        for (UplinkStatus u : teaming.team(N1).uplinks()) {
            if (u.nic().equals(nic)) {
                return u;
            }
        }
        throw new AssertionError(nic);
    }

    @Test
    void aNicWhoseUnderlayLinkIsPulledLeavesTheTeamAndPingsGoOnThroughTheOther() {
        shell.execute("net:create-vnet tenant-a 5001 10.0.0.0/24");
        shell.execute("net:endpoint a1 node-1 tenant-a 10.0.0.1; net:endpoint a2 node-3 tenant-a 10.0.0.2");
        String ping = shell.execute("net:ping a1 10.0.0.2 3");
        assertTrue(ping.contains("3 sent, 3 received"), ping);
        String uplinks = shell.execute("net:uplinks node-1");
        assertTrue(uplinks.contains("nic-0 up, nic-1 up") && uplinks.contains("default"), uplinks);

        String down = shell.execute("net:link node-1 nic-0 down");
        assertTrue(down.contains("nic-0 DOWN, nic-1 up"), down);
        assertFalse(uplink("nic-0").up(), "the team saw the carrier drop");
        assertTrue(uplink("nic-1").up());
        long before = tx(teaming.team(N1), "nic-0");
        ping = shell.execute("net:ping a1 10.0.0.2 5");
        assertTrue(ping.contains("5 sent, 5 received"), ping);
        assertEquals(before, tx(teaming.team(N1), "nic-0"), "nothing left by the NIC without a link");

        shell.execute("net:link node-1 nic-0 up");
        shell.execute("net:ping a1 10.0.0.2 1");
        assertTrue(uplink("nic-0").up(), "carrier back, NIC back");
    }

    static long tx(TeamStatus team, String nic) {
        long n = 0;
        for (UplinkStatus u : team.uplinks()) {
            if (u.nic().equals(nic)) {
                for (var c : u.classes()) {
                    n += c.txFrames();
                }
            }
        }
        return n;
    }

    @Test
    void pfcAndClassesThroughTheShellAndBadRequestsChangeNothing() {
        shell.execute("net:create-vnet tenant-a 5001 10.0.0.0/24");
        shell.execute("net:endpoint a1 node-1 tenant-a 10.0.0.1; net:endpoint a2 node-3 tenant-a 10.0.0.2");
        shell.execute("net:ping a1 10.0.0.2 1");
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                () -> shell.execute("net:link node-9 nic-0 down")).code());
        FabricException nic = assertThrows(FabricException.class, () -> shell.execute("net:link node-1 nic-9 down"));
        assertEquals(ErrorCode.NOT_FOUND, nic.code());
        assertTrue(nic.getMessage().contains("nic-9"), nic.getMessage());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class,
                () -> shell.execute("net:link node-1 nic-0 sideways")).code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                () -> shell.execute("net:uplinks node-9")).code());
        assertTrue(shell.execute("net:uplinks").contains("nic-0 up, nic-1 up"), "no link changed");

        FabricException lossy = assertThrows(FabricException.class, () -> shell.execute("team:pfc node-1 nic-0 0 on"));
        assertEquals(ErrorCode.FAILED_PRECONDITION, lossy.code());
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                () -> shell.execute("team:pfc node-1 nic-9 3 on")).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class,
                () -> shell.execute("team:pfc node-1 nic-0 3 maybe")).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class,
                () -> shell.execute("team:configure node-1 nic-0,nic-1 dynamic storage:3:60")).code());
        assertEquals(3, teaming.team(N1).spec().classes().size(), "the team is unchanged");

        assertTrue(shell.execute("team:pfc node-1 nic-0 3 on").contains("PFC asserted for priority 3"));
        shell.execute("team:pfc node-1 nic-0 3 off");
        String configured = shell.execute(
                "team:configure node-1 nic-0,nic-1 hyper-v-port storage:3:60:lossless,default:0.1.2.4.5.6.7:40");
        assertTrue(configured.contains("storage") && configured.contains("default"), configured);
        assertEquals(2, teaming.team(N1).spec().classes().size());
        String ping = shell.execute("net:ping a1 10.0.0.2 3");
        assertTrue(ping.contains("3 sent, 3 received"), "the tunnel endpoint followed the new team: " + ping);
    }
}
