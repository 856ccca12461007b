package fabric.api.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStateChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventTypeTest {

    record Everything(String text, int i, long l, boolean b, double d, NodeState state, Instant at, Duration took,
            UUID id, NodeId node, Integer boxed) {
    }

    record WithList(List<String> names) {
    }

    private static final EventType<Everything> EVERYTHING = EventType.of("test.everything", Everything.class);

    @Test
    void encodesInComponentOrderAndDecodesBack() {
        Everything e = new Everything("a b", -3, 1L << 40, true, 0.25, NodeState.ISOLATED,
                Instant.parse("2026-11-24T06:00:00Z"), Duration.ofMillis(1500), new UUID(1, 2), NodeId.of("node-1"),
                null);
        Map<String, String> fields = EVERYTHING.encode(e);
        assertEquals(List.of("text", "i", "l", "b", "d", "state", "at", "took", "id", "node"),
                List.copyOf(fields.keySet()));
        assertEquals("ISOLATED", fields.get("state"));
        assertEquals("node-1", fields.get("node"));
        assertEquals(e, EVERYTHING.decode(fields));
    }

    @Test
    void missingFieldsReadAsDefaults() {
        Everything e = EVERYTHING.decode(Map.of("text", "x"));
        assertEquals(0, e.i());
        assertEquals(null, e.state());
    }

    @Test
    void badStoredFieldsNameTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EVERYTHING.decode(Map.of("i", "many")));
        assertEquals("test.everything.i: cannot read 'many' as int", e.getMessage());
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> NodeStateChanged.TYPE.decode(Map.of("scaleUnit", "su-1")));
        assertTrue(invalid.getMessage().startsWith("topology.node-state-changed: stored fields do not make a valid"));
    }

    @Test
    void refusesBadNamesAndUnsupportedComponents() {
        assertThrows(IllegalArgumentException.class, () -> EventType.of("NoDots", Everything.class));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EventType.of("test.list", WithList.class));
        assertEquals("WithList.names has type List, which a journal event cannot hold", e.getMessage());
    }

    @Test
    void recordsConvertBackToTheirEvent() {
        NodeStateChanged change = new NodeStateChanged("su-1", "node-2", NodeState.UP, NodeState.DOWN, "power");
        JournalRecord r = new JournalRecord(7, Instant.EPOCH, NodeStateChanged.TYPE.name(),
                NodeStateChanged.TYPE.encode(change));
        assertEquals(change, r.as(NodeStateChanged.TYPE).orElseThrow());
        assertTrue(r.as(EVERYTHING).isEmpty());
        assertEquals("7 1970-01-01T00:00:00Z topology.node-state-changed scaleUnit=su-1 node=node-2 from=UP to=DOWN"
                + " reason=power", r.toString());
    }
}
