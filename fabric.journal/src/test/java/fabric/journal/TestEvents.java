package fabric.journal;

import fabric.api.journal.EventType;

/** Event types for the tests. */
final class TestEvents {

    /** An event whose components are deliberately not in alphabetical order. */
    record NodeChanged(String node, long step, String reason, boolean healthy) {
    }

    static final EventType<NodeChanged> NODE_CHANGED = EventType.of("test.node-changed", NodeChanged.class);

    /** The event the kill -9 child appends. */
    record Acknowledged(long sequence, String payload) {
    }

    static final EventType<Acknowledged> ACKNOWLEDGED = EventType.of("test.acknowledged", Acknowledged.class);

    private TestEvents() {
    }

    static NodeChanged node(long step) {
        return new NodeChanged("node-" + (step % 7), step, "step " + step + " of the test", step % 2 == 0);
    }

    static String payload(long sequence) {
        return "event " + sequence + " \u2013 " + "x".repeat((int) (sequence % 50));
    }
}
