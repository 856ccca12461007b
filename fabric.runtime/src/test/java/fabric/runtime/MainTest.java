package fabric.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's argument handling; running commands is tested in fabric.itest. */
class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsUsage() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: fabric"));
    }

    @Test
    void unknownArgumentIsAUsageError() {
        assertEquals(2, run("--frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Error: unknown argument '--frobnicate'"));
    }

    @Test
    void flagWithoutValueIsAUsageError() {
        assertEquals(2, run("-c"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Error: -c needs a value"));
    }

    @Test
    void missingTopologyFileIsAUsageErrorAndCreatesNothing() {
        Path data = dir.resolve("data");
        assertEquals(2, run("--topology", dir.resolve("nope.json").toString(), "--data", data.toString(),
                "-c", "fabric:status"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("does not exist"));
        assertTrue(Files.notExists(data));
    }
}
