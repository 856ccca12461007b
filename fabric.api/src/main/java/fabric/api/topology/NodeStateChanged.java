package fabric.api.topology;

import fabric.api.journal.EventType;
import java.util.Objects;

/**
 * Journal event: a node changed membership state.
 *
 * @param scaleUnit the scale unit's name
 * @param node the node's name
 * @param from the state before
 * @param to the state after
 * @param reason why, in words; may be empty
 */
public record NodeStateChanged(String scaleUnit, String node, NodeState from, NodeState to, String reason) {

    /** The event's type in the journal. */
    public static final EventType<NodeStateChanged> TYPE =
            EventType.of("topology.node-state-changed", NodeStateChanged.class);

    /** Validates every part. */
    public NodeStateChanged {
        Objects.requireNonNull(scaleUnit, "scaleUnit");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }
}
