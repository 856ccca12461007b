package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.topology.NodeState;
import fabric.api.topology.QuorumState;
import fabric.api.topology.Topology;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import fabric.runtime.FabricShell;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gogo commands the fabric's bundles contribute, run as an operator runs them. */
class ShellCommandsTest {

    private static final ScaleUnitId SU = ScaleUnitId.of("su-1");

    @TempDir
    Path data;

    EmbeddedFabric fabric;
    FabricShell shell;
    Topology topology;

    @BeforeEach
    void start() {
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        shell = fabric.shell();
        topology = fabric.service(Topology.class);
    }

    @AfterEach
    void stop() {
        fabric.close();
    }

    @Test
    void statusShowsTheScaleUnitWithQuorum() {
        String out = shell.execute("fabric:status");
        assertTrue(out.contains("su-1"), out);
        assertTrue(out.contains("HEALTHY"), out);
        for (int i = 1; i <= 4; i++) {
            assertTrue(out.contains("node-" + i), out);
        }
    }

    @Test
    void losingHalfTheNodesTakesTheScaleUnitOffline() {
        String out = shell.execute("fabric:fail-node node-2; fabric:fail-node node-3; fabric:status");
        assertTrue(out.contains("OFFLINE"), out);
        assertTrue(out.contains("2 of 4 votes"), out);
        assertEquals(QuorumState.OFFLINE, topology.quorum(SU).state());

        FabricException refused = assertThrows(FabricException.class,
                () -> shell.execute("fabric:enter-maintenance node-1"));
        assertEquals(ErrorCode.QUORUM_LOST, refused.code());
        assertEquals(NodeState.UP, topology.status(NodeId.of("node-1")).state());

        shell.execute("fabric:recover-node node-3");
        assertEquals(QuorumState.AT_RISK, topology.quorum(SU).state());
        shell.execute("fabric:enter-maintenance node-1");
        assertEquals(NodeState.MAINTENANCE, topology.status(NodeId.of("node-1")).state());
    }

    @Test
    void badArgumentsGetOneLineAndChangeNothing() {
        long before = fabric.service(Journal.class).lastIndex();
        FabricException unknownNode = assertThrows(FabricException.class, () -> shell.execute("fabric:fail-node node-9"));
        assertEquals(ErrorCode.NOT_FOUND, unknownNode.code());
        assertEquals("no node named 'node-9'", unknownNode.getMessage());

        FabricException unknownCommand = assertThrows(FabricException.class, () -> shell.execute("fabric:frobnicate"));
        assertEquals("unknown command: fabric:frobnicate (try: help)", unknownCommand.getMessage());

        FabricException noArgument = assertThrows(FabricException.class, () -> shell.execute("fabric:fail-node"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, noArgument.code());
        assertTrue(!noArgument.getMessage().contains("\n"), noArgument.getMessage());

        assertEquals(before, fabric.service(Journal.class).lastIndex());
        assertEquals(QuorumState.HEALTHY, topology.quorum(SU).state());
    }

    @Test
    void everyCommandHasHelp() {
        String help = shell.execute("help fabric:status");
        assertTrue(help.startsWith("status - ") && help.contains("scope: fabric"), help);
        String all = shell.execute("help");
        // Gogo's help lists a command only under a Java method name, so the hyphenated commands
        // (fabric:fail-node) appear under their camel-case twins (fabric:failNode), which run the same code.
        for (String command : new String[] {"fabric:status", "fabric:nodes", "fabric:node", "fabric:failNode",
            "fabric:recoverNode", "fabric:enterMaintenance", "journal:tail"}) {
            assertTrue(all.contains(command), command + " in " + all);
        }
    }

    @Test
    void theJournalTailShowsMembershipChanges() {
        shell.execute("fabric:fail-node node-4");
        String tail = shell.execute("journal:tail 5");
        assertTrue(tail.contains("topology.node-state-changed"), tail);
        assertTrue(tail.contains("node-4"), tail);
    }
}
