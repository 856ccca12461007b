package fabric.cluster.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.Violation;
import java.util.List;
import java.util.Set;

/** Assertions on refused topology files. */
final class Refusals {

    /** A parser knowing the four vendors of the default configuration. */
    static final JsonTopologyParser PARSER = new JsonTopologyParser(Set.of("dell", "hpe", "lenovo", "cisco"));

    private Refusals() {
    }

    /** @return the refusal of a document, checked to be one line naming the source */
    static FabricException refused(String json, String source) {
        FabricException e = assertThrows(FabricException.class, () -> PARSER.parse(json, source));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(source + ": "), e.getMessage());
        assertFalse(e.violations().isEmpty());
        return e;
    }

    /** Asserts that a field was refused for a reason containing {@code reason}. */
    static void assertViolation(FabricException e, String field, String reason) {
        List<Violation> matching = e.violations().stream().filter(v -> v.field().equals(field)).toList();
        assertTrue(matching.stream().anyMatch(v -> v.reason().contains(reason)),
                () -> "expected " + field + ": " + reason + " in " + e.violations());
    }
}
