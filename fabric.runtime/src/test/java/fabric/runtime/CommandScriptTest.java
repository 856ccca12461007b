package fabric.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandScriptTest {

    @Test
    void splitsOnSemicolonsAndNewLinesOutsideQuotesAndBrackets() {
        assertEquals(List.of("fabric:fail-node node-2", "fabric:status"),
                CommandScript.statements("fabric:fail-node node-2; fabric:status"));
        assertEquals(List.of("echo 'a;b'", "echo \"c;d\"", "each [1 2] { echo $it; echo x }", "x = (a; b)"),
                CommandScript.statements("echo 'a;b'\necho \"c;d\";;each [1 2] { echo $it; echo x }; x = (a; b)"));
        assertEquals(List.of(), CommandScript.statements("  ;\n ; # a comment"));
    }

    @Test
    void rejectsUnbalancedInput() {
        assertEquals("unclosed quote '", assertThrows(IllegalArgumentException.class,
                () -> CommandScript.statements("echo 'abc")).getMessage());
        assertEquals("missing '}'", assertThrows(IllegalArgumentException.class,
                () -> CommandScript.statements("each [1] { echo")).getMessage());
        assertEquals("unexpected ')' at position 6", assertThrows(IllegalArgumentException.class,
                () -> CommandScript.statements("echo )")).getMessage());
    }

    @Test
    void namesTheCommandAStatementCalls() {
        assertEquals(Optional.of("fabric:status"), CommandScript.command("fabric:status"));
        assertEquals(Optional.of("journal:tail"), CommandScript.command("journal:tail 5 | grep x"));
        assertEquals(Optional.of("help"), CommandScript.command("help fabric:status"));
        assertEquals(Optional.empty(), CommandScript.command("$x"));
        assertEquals(Optional.empty(), CommandScript.command("(echo a)"));
    }
}
