package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.lifecycle.RunState;
import fabric.api.lifecycle.RunStatus;
import fabric.api.lifecycle.UpdateRunService;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo fabric carries a signed firmware catalog, so an operator's first update:run succeeds. */
class DemoUpdateTest {

    @TempDir
    Path data;

    @Test
    void aRollingUpdateOfTheDemoRunsToTheEnd() throws Exception {
        try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(data))) {
            assertTrue(Files.isRegularFile(data.resolve("firmware/bios-2-2-7.fwpkg")), "the demo packages are in place");
            String started = fabric.shell().execute("update:run");
            assertTrue(started.contains("RUNNING"), started);

            UpdateRunService runs = fabric.service(UpdateRunService.class);
            long deadline = System.nanoTime() + 120_000_000_000L;
            RunStatus status = runs.status().orElseThrow();
            while (!EnumSet.of(RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED).contains(status.state())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
                status = runs.status().orElseThrow();
            }
            assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
            assertEquals(status.nodesTotal(), status.nodesDone(), status.toString());
            String compliance = fabric.shell().execute("update:compliance");
            assertTrue(compliance.startsWith("su-1: COMPLIANT") && !compliance.contains("NON_COMPLIANT"), compliance);
        }
    }
}
