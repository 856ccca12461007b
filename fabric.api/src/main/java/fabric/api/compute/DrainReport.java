package fabric.api.compute;

import fabric.api.core.NodeId;
import java.util.List;
import java.util.Objects;

/**
 * What draining a node did: every VM it hosted, moved, in order.
 *
 * @param node the drained node
 * @param migrations one report per VM moved, in the order they moved
 */
public record DrainReport(NodeId node, List<MigrationReport> migrations) {

    /** Validates and copies. */
    public DrainReport {
        Objects.requireNonNull(node, "node");
        migrations = List.copyOf(migrations);
    }
}
