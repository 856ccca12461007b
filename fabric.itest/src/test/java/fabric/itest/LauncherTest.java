package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built launcher jar, run as {@code ./fabric} runs it: output and exit status. */
class LauncherTest {

    record Run(int exit, String out, String err) {
    }

    @TempDir
    Path dir;

    private Run fabric(String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("fabric.launcher.jar"));
        assertTrue(Files.isRegularFile(jar), "build the runtime first: " + jar);
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dchronicle.analytics.disable=true", "-jar", jar.toString(), "--data", dir.resolve("data").toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("fabric " + String.join(" ", args) + " did not finish in 90 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void statusOfTheDemoScaleUnit() throws Exception {
        Run run = fabric("-c", "fabric:status");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("su-1") && run.out().contains("node-4") && run.out().contains("HEALTHY"),
                run.out());
        assertEquals("", run.err());
    }

    @Test
    void losingTwoOfFourNodesShowsOffline() throws Exception {
        Run run = fabric("-c", "fabric:fail-node node-2; fabric:fail-node node-3; fabric:status");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("OFFLINE"), run.out());
        assertTrue(run.out().contains("2 of 4 votes"), run.out());
    }

    @Test
    void aFailingCommandStopsTheScriptWithOneLineAndExitOne() throws Exception {
        Run run = fabric("-c", "fabric:fail-node node-9; fabric:fail-node node-2");
        assertEquals(1, run.exit(), run.toString());
        assertEquals("Error: no node named 'node-9'\n", run.err());
        Run after = fabric("-c", "fabric:node node-2");
        assertEquals(0, after.exit(), after.toString());
        assertTrue(after.out().contains("UP"), "the script stopped before failing node-2: " + after.out());
    }

    @Test
    void aBadTopologyFileExitsTwoNamingTheProblem() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"region\": \"demo\", \"stamps\": [");
        Run run = fabric("--topology", bad.toString(), "-c", "fabric:status");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().startsWith("Error: ") && run.err().contains("bad.json"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void aBadArgumentIsAUsageError() throws Exception {
        Run run = fabric("--frobnicate");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().startsWith("Error: unknown argument '--frobnicate'"), run.err());
    }
}
