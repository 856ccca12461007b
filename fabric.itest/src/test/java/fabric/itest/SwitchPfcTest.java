package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import fabric.runtime.FabricShell;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the real framework with the in-process provider network ({@code fabric.sdn.underlay=simulated}):
 * tenant pings cross the top-of-rack switch through the nodes' teams, {@code net:tor} shows the
 * switch's links per priority (storage priority 3 lossless, frames sent, no drop, no pause), and
 * {@code net:uplinks} the pauses on each NIC; on the UDP underlay {@code net:tor} is refused, and bad
 * requests change nothing. (Congestion PFC itself runs on simulated time in fabric.sdn's
 * IncastPfcTest and PfcSwitchTest; the framework's data path runs on the wall clock.)
 */
class SwitchPfcTest {

    @TempDir
    Path data;

    @Test
    void pingsCrossTheInProcessSwitchAndNetTorShowsItsLinksPerPriority() {
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data)
                .withProperty("fabric.sdn.underlay", "simulated"))) {
            FabricShell shell = fabric.shell();
            shell.execute("net:create-vnet tenant-a 5001 10.0.0.0/24");
            shell.execute("net:endpoint a1 node-1 tenant-a 10.0.0.1; net:endpoint a2 node-3 tenant-a 10.0.0.2");
            String ping = shell.execute("net:ping a1 10.0.0.2 3");
            assertTrue(ping.contains("3 sent, 3 received"), ping);

            String tor = shell.execute("net:tor");
            assertTrue(tor.startsWith("lossless priorities [3]"), tor);
            assertTrue(tor.contains("node-1") && tor.contains("node-3") && tor.contains("nic-0"), tor);
            assertTrue(tor.contains("lossless") && tor.contains("XOFF SENT") && tor.contains("NIC PAUSED"), tor);
            String one = shell.execute("net:tor node-3");
            assertTrue(one.contains("node-3") && !one.contains("node-1"), one);
            String uplinks = shell.execute("net:uplinks node-1");
            assertTrue(uplinks.contains("PFC PAUSED") && uplinks.contains("nic-0 up, nic-1 up"), uplinks);

            String team = shell.execute("team:show node-1");
            assertTrue(team.contains("PFC RX") && team.contains("PEER PAUSED"), team);
            String paused = shell.execute("team:pfc node-1 nic-0 3 on");
            assertTrue(paused.contains("PAUSED"), "the link partner's pause shows: " + paused);
            shell.execute("team:pfc node-1 nic-0 3 off");

            assertEquals(ErrorCode.NOT_FOUND, assertThrows(FabricException.class,
                    () -> shell.execute("net:tor node-9")).code());
            assertTrue(shell.execute("net:ping a1 10.0.0.2 1").contains("1 sent, 1 received"), "nothing changed");
        }
    }

    @Test
    void onTheUdpUnderlayThereIsNoSwitchToShow() {
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            FabricException e = assertThrows(FabricException.class, () -> fabric.shell().execute("net:tor"));
            assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
            assertTrue(e.getMessage().contains("fabric.sdn.underlay=simulated"), e.getMessage());
        }
    }
}
