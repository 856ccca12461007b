package fabric.cluster.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.topology.NodeState;
import fabric.cluster.internal.membership.LiveTopology;
import fabric.cluster.internal.parser.JsonTopologyParser;
import fabric.journal.testing.MemoryJournal;
import fabric.cluster.testing.Regions;
import fabric.shell.HyphenatedCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands in a real Gogo 1.1 command processor, registered as the OSGi components register
 * them: camel-case functions on the commands object, and one function object per hyphenated name.
 */
class GogoCommandsTest {

    private final LiveTopology topology = new LiveTopology(Regions.oneScaleUnit(4, false), new MemoryJournal(),
            Clock.systemUTC());
    private final ClusterCommands commands = new ClusterCommands(topology, topology);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ThreadIOImpl threadIO;
    private CommandSession session;

    @BeforeEach
    void start() {
        threadIO = new ThreadIOImpl();
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        for (String function : List.of("status", "nodes", "node", "failNode", "recoverNode", "isolateNode",
                "enterMaintenance", "exitMaintenance", "failWitness", "recoverWitness")) {
            processor.addCommand("fabric", commands, function);
        }
        for (HyphenatedCommand c : HyphenatedCommand.forCamelCaseMethods("fabric", commands)) {
            processor.addCommand(c.scope(), c, c.function());
        }
        processor.addCommand("fabric", new ValidateCommand(new JsonTopologyParser(Set.of("dell"))), "validate");
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
    }

    @AfterEach
    void stop() {
        session.close();
        threadIO.stop();
    }

    @Test
    void everyCommandHasAHyphenatedName() {
        assertEquals(List.of("enter-maintenance", "exit-maintenance", "fail-node", "fail-witness", "isolate-node",
                "recover-node", "recover-witness"),
                HyphenatedCommand.forCamelCaseMethods("fabric", commands).stream().map(HyphenatedCommand::function)
                        .toList());
    }

    @Test
    void hyphenatedNamesRunTheCommands() throws Exception {
        Object result = session.execute("fabric:fail-node node-2 'lost power'");
        assertTrue(String.valueOf(result).startsWith("node-2: UP -> DOWN (lost power)"), String.valueOf(result));
        session.execute("fabric:fail-node node-3");
        assertEquals(NodeState.DOWN, topology.status(NodeId.of("node-3")).state());
        assertTrue(String.valueOf(session.execute("fabric:status")).contains("OFFLINE, 2 of 4 votes present"));
        session.execute("fabric:recover-node node-3");
        session.execute("fabric:enter-maintenance node-1 firmware");
        assertEquals(NodeState.MAINTENANCE, topology.status(NodeId.of("node-1")).state());
    }

    @Test
    void camelCaseNamesRunTheSameCommands() throws Exception {
        session.execute("fabric:isolateNode node-4");
        assertEquals(NodeState.ISOLATED, topology.status(NodeId.of("node-4")).state());
        assertTrue(String.valueOf(session.execute("fabric:node node-4")).contains("ISOLATED (WARNING)"));
    }

    @Test
    void errorsOfTheCommandsComeThroughUnchanged() {
        FabricException notFound = assertThrows(FabricException.class,
                () -> session.execute("fabric:fail-node node-9"));
        assertEquals(ErrorCode.NOT_FOUND, notFound.code());
        assertEquals("no node named 'node-9'", notFound.getMessage());
    }

    @Test
    void aHyphenatedCommandWithTheWrongArgumentsShowsItsUsage() {
        FabricException e = assertThrows(FabricException.class, () -> session.execute("fabric:fail-node"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("wrong arguments for fabric:fail-node: 0 given; usage: fabric:fail-node <node name>"
                + " [<why, in quotes>] (try: help fabric:failNode)", e.getMessage());
    }

    @Test
    void theCommandsAreHeldForOneRunOnly() throws Exception {
        int[] held = new int[1];
        HyphenatedCommand.Source source = new HyphenatedCommand.Source() {
            @Override
            public Object acquire() {
                held[0]++;
                return commands;
            }

            @Override
            public void release(Object released) {
                assertEquals(commands, released);
                held[0]--;
            }
        };
        HyphenatedCommand failNode = HyphenatedCommand.forCamelCaseMethods("fabric", ClusterCommands.class, source)
                .stream().filter(c -> c.function().equals("fail-node")).findFirst().orElseThrow();
        failNode.execute(session, List.of("node-1"));
        assertThrows(FabricException.class, () -> failNode.execute(session, List.of("node-1")));
        assertEquals(0, held[0]);
        HyphenatedCommand gone = HyphenatedCommand.forCamelCaseMethods("fabric", ClusterCommands.class,
                new HyphenatedCommand.Source() {
                    @Override
                    public Object acquire() {
                        return null;
                    }

                    @Override
                    public void release(Object released) {
                    }
                }).get(0);
        assertEquals(ErrorCode.UNAVAILABLE,
                assertThrows(FabricException.class, () -> gone.execute(session, List.of("node-2"))).code());
    }

    @Test
    void validatePrintsOkForAValidFile() throws Exception {
        assertEquals("OK: ../demo/topology.json: region demo, 1 stamp, 1 scale unit, 4 nodes",
                session.execute("fabric:validate ../demo/topology.json"));
    }
}
