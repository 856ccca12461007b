package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.journal.Journal;
import fabric.api.topology.Membership;
import fabric.api.topology.NodeState;
import fabric.api.topology.Topology;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State survives a restart through the journal; a bad topology file changes nothing. */
class RestartTest {

    @TempDir
    Path data;

    @Test
    void membershipIsReplayedFromTheJournalAtStart() {
        long last;
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            fabric.service(Membership.class).fail(NodeId.of("node-2"), "power supply");
            last = fabric.service(Journal.class).lastIndex();
        }
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            assertEquals(NodeState.DOWN, fabric.service(Topology.class).status(NodeId.of("node-2")).state());
            assertEquals(last, fabric.service(Journal.class).lastIndex());
        }
    }

    @Test
    void aBadTopologyFileIsRefusedWithEveryReasonAndChangesNothing() throws Exception {
        long last;
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            fabric.service(Membership.class).fail(NodeId.of("node-2"), "power supply");
            last = fabric.service(Journal.class).lastIndex();
        }
        String demo = Files.readString(Path.of(System.getProperty("fabric.demo.topology")));
        Path bad = data.resolveSibling(data.getFileName() + "-bad.json");
        Files.writeString(bad, demo.replace("\"node-4\"", "\"node-3\"").replace("\"nvme\"", "\"floppy\""));

        FabricException e = assertThrows(FabricException.class,
                () -> EmbeddedFabric.start(FabricConfig.of(bad, data)));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.violations().size() >= 2, e.violations().toString());
        assertTrue(e.violations().stream().anyMatch(v -> v.reason().contains("node-3")), e.violations().toString());
        assertTrue(e.violations().stream().anyMatch(v -> v.field().endsWith(".media")), e.violations().toString());

        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            assertEquals(NodeState.DOWN, fabric.service(Topology.class).status(NodeId.of("node-2")).state());
            assertEquals(last, fabric.service(Journal.class).lastIndex());
        }
    }
}
