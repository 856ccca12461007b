package fabric.api.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void acceptsDnsLabels() {
        assertTrue(Names.isValid("node-1"));
        assertTrue(Names.isValid("a"));
        assertTrue(Names.isValid("a".repeat(63)));
    }

    @Test
    void rejectsEverythingElse() {
        for (String bad : new String[] {null, "", "Node-1", "1node", "node-", "node_1", "node 1", "a".repeat(64)}) {
            assertFalse(Names.isValid(bad), bad);
        }
        FabricException e = assertThrows(FabricException.class, () -> new NodeId("Node-1"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("node", e.violations().get(0).field());
    }
}
