package fabric.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void columnsAreAlignedWithoutTrailingSpaces() {
        String text = new Table("NAME", "STATE", "REASON").row("node-1", "UP", "").row("n2", "MAINTENANCE", "fw")
                .render(2);
        assertEquals("""
                  NAME    STATE        REASON
                  node-1  UP
                  n2      MAINTENANCE  fw
                """, text);
    }

    @Test
    void aRowHasOneCellPerColumn() {
        assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("x"));
    }
}
