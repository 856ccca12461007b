package fabric.cluster.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.cluster.internal.parser.JsonTopologyParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fabric:validate}: OK, or every problem and a one-line failure. */
class ValidateCommandTest {

    private final ValidateCommand command = new ValidateCommand(new JsonTopologyParser(Set.of("dell")));
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void aValidFileIsOk() {
        assertEquals("OK: ../demo/topology.json: region demo, 1 stamp, 1 scale unit, 4 nodes",
                command.validate("../demo/topology.json", out));
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anInvalidFileListsEveryProblemThenFails(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, Files.readString(Path.of("../demo/topology.json"))
                .replace("\"node-4\"", "\"node-3\"").replace("\"cores\": 32", "\"cores\": 0"));
        FabricException e = assertThrows(FabricException.class, () -> command.validate(file.toString(), out));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals(5, e.violations().size(), e.violations().toString());
        String listed = printed.toString(StandardCharsets.UTF_8);
        assertEquals("INVALID: " + file + ": 5 problems", listed.lines().findFirst().orElseThrow());
        assertEquals(6, listed.lines().count(), listed);
        assertEquals("  " + e.violations().get(4), listed.lines().skip(5).findFirst().orElseThrow());
    }

    @Test
    void aMissingFileFailsInOneLine() {
        FabricException e = assertThrows(FabricException.class, () -> command.validate("nowhere.json", out));
        assertEquals("nowhere.json: cannot read the topology file: no such file", e.getMessage());
    }
}
