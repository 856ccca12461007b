package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.compute.ComputeService;
import fabric.api.compute.Hypervisor;
import fabric.api.compute.VmSpec;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStatus;
import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.topology.NodeState;
import fabric.api.topology.Topology;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;
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

    /** The done-when command, run by the built launcher as {@code ./fabric -c} runs it. */
    @Test
    void theLauncherRunsTheDemoAndExitsZero() throws Exception {
        Path jar = Path.of(System.getProperty("fabric.launcher.jar"));
        assertTrue(Files.isRegularFile(jar), "build the runtime first: " + jar);
        Path out = data.resolve("out.txt");
        Path err = data.resolve("err.txt");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Dchronicle.analytics.disable=true", "-jar", jar.toString(), "--data", data.resolve("fabric").toString(),
                "-c", DEMO).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish in 90 s");
        }
        String stdout = Files.readString(out);
        assertEquals(0, p.exitValue(), stdout + Files.readString(err));
        assertEquals("", Files.readString(err));
        int drain = stdout.indexOf("drained node-1");
        assertTrue(drain > 0, stdout);
        String before = stdout.substring(0, drain);
        String after = stdout.substring(drain);
        for (int i = 1; i <= 3; i++) {
            assertTrue(before.contains("web-" + i + "  RUNNING  node-" + i), before);
        }
        assertTrue(after.contains("web-1  node-1  node-4  2"), after);
        assertTrue(after.contains("web-1  RUNNING  node-4"), after);
        assertFalse(after.contains("RUNNING  node-1"), after);
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
    void aHypervisorServiceDrivesItsNodeAndItsDepartureHandsTheVmsToTheEmbeddedDriver() {
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            PluginHypervisor plugin = new PluginHypervisor(NodeId.of("node-2"));
            ServiceRegistration<Hypervisor> registration = fabric.context().registerService(Hypervisor.class, plugin,
                    new Hashtable<>(Map.of(Hypervisor.NODE, "node-2")));
            ComputeService compute = fabric.service(ComputeService.class);
            assertEquals(8, compute.allocations(ScaleUnitId.of("su-1")).get(1).vcpuCapacity(), "the plugin's capacity");
            for (int i = 1; i <= 4; i++) {
                compute.create(VmSpec.of("spread-" + i, 1, ByteSize.ofGiB(1)).withGroups(null, "spread"));
            }
            String onTwo = compute.list().stream().filter(s -> s.node().orElseThrow().equals(NodeId.of("node-2")))
                    .findFirst().orElseThrow().name();
            assertEquals(List.of("define " + onTwo, "start " + onTwo), plugin.calls);

            registration.unregister();
            ComputeService again = fabric.service(ComputeService.class);
            assertEquals(128, again.allocations(ScaleUnitId.of("su-1")).get(1).vcpuCapacity(), "embedded again");
            VmStatus vm = again.get(onTwo);
            assertEquals(VmState.RUNNING, vm.state());
            assertTrue(again.endpoint(onTwo).orElseThrow().running());
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
