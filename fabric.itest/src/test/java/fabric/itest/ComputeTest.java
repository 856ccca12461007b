package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.compute.ComputeService;
import fabric.api.compute.VmSpec;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStatus;
import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.journal.Journal;
import fabric.api.topology.NodeState;
import fabric.api.topology.Topology;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compute in the real framework: the vm: commands, drain, HA restart through the membership whiteboard, restart. */
class ComputeTest {

    private static final String DEMO = "vm:avset-create web --fault-domains 3; "
            + "vm:create web-1 --cpu 2 --mem 4g --avset web; vm:create web-2 --cpu 2 --mem 4g --avset web; "
            + "vm:create web-3 --cpu 2 --mem 4g --avset web; vm:list; fabric:drain-node node-1; vm:list";

    @TempDir
    Path data;

    @Test
    void theDemoSpreadsTheSetThenDrainsNodeOneLive() {
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            String out = fabric.shell().execute(DEMO);
            assertTrue(out.contains("availability set web: 3 fault domains"), out);
            assertTrue(out.contains("drained node-1: 1 VM moved"), out);
            assertTrue(out.contains("BLACKOUT") && out.contains(" ms"), out);
            ComputeService compute = fabric.service(ComputeService.class);
            Set<NodeId> nodes = new HashSet<>();
            for (VmStatus s : compute.list()) {
                assertEquals(VmState.RUNNING, s.state());
                assertFalse(s.node().orElseThrow().equals(NodeId.of("node-1")), s.toString());
                nodes.add(s.node().orElseThrow());
            }
            assertEquals(3, nodes.size(), "still one member per node");
            assertEquals(NodeState.MAINTENANCE, fabric.service(Topology.class).status(NodeId.of("node-1")).state());
            String explain = fabric.shell().execute("vm:explain web-2");
            assertTrue(explain.contains("node-1  rejected: node is MAINTENANCE"), explain);
            assertTrue(explain.contains("rank 1 (chosen)"), explain);
        }
    }

    @Test
    void aFailedNodesVmsRestartElsewhereAndEverythingSurvivesARestart() {
        List<String> before;
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            ComputeService compute = fabric.service(ComputeService.class);
            NodeId node = compute.create(VmSpec.of("db-1", 8, ByteSize.ofGiB(64))).node().orElseThrow();
            fabric.shell().execute("fabric:fail-node " + node.value());
            VmStatus db = compute.get("db-1");
            assertEquals(VmState.RUNNING, db.state());
            assertFalse(db.node().orElseThrow().equals(node));
            assertTrue(db.reason().startsWith("restarted on"), db.reason());
            before = compute.list().stream().map(s -> s.name() + " " + s.state() + " " + s.node()).toList();
        }
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            List<String> after = fabric.service(ComputeService.class).list().stream()
                    .map(s -> s.name() + " " + s.state() + " " + s.node()).toList();
            assertEquals(before, after);
            assertTrue(fabric.shell().execute("vm:list").contains("db-1"));
        }
    }

    @Test
    void badInputGetsOneLineAndChangesNothing() {
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            long last = fabric.service(Journal.class).lastIndex();
            for (String bad : List.of("vm:create web-1 --cpu 0", "vm:create web-1 --mem lots", "vm:create Web_1",
                    "vm:create web-1 --avset nope", "vm:avset-create web --fault-domains 9", "vm:start nope",
                    "vm:create web-1 --cpu 2 --priority urgent", "fabric:drain-node node-9")) {
                FabricException e = assertThrows(FabricException.class, () -> fabric.shell().execute(bad), bad);
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                assertTrue(e.code() == ErrorCode.INVALID_ARGUMENT || e.code() == ErrorCode.NOT_FOUND, bad + ": " + e.code());
            }
            assertEquals(last, fabric.service(Journal.class).lastIndex());
            assertEquals(List.of(), fabric.service(ComputeService.class).list());
        }
    }
}
