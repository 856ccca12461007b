package fabric.api.topology;

import fabric.api.core.NodeId;
import java.time.Instant;
import java.util.Objects;

/**
 * The live state of a node.
 *
 * @param node the node
 * @param state its membership state
 * @param health its health at a glance
 * @param since when it entered this state
 * @param reason why it is in this state, in words; empty for a plain {@code UP}
 */
public record NodeStatus(NodeId node, NodeState state, NodeHealth health, Instant since, String reason) {

    /** Validates every part. */
    public NodeStatus {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(reason, "reason");
    }
}
