package fabric.api.compute;

import fabric.api.core.NodeId;
import java.util.Objects;

/**
 * What placement thought of one node for one VM: rejected with a reason, or eligible with its score.
 * Eligible nodes are ranked by, in order: fewest members of the VM's availability set (fault-domain
 * spread), fewest of those members in another update domain, most free capacity, declared order.
 *
 * @param node the node
 * @param rejection why the node cannot take the VM; empty when it can
 * @param setMembers members of the VM's availability set on the node (0 outside a set)
 * @param updateDomainConflicts of those, how many are in another update domain than the VM's
 * @param freeShare the node's free capacity before placing the VM, as the smaller of its free vCPU and
 *        free memory shares (0 to 1); 0 when rejected
 * @param rank 1 for the chosen node, 2 for the next best and so on; 0 when rejected
 */
public record NodeVerdict(NodeId node, String rejection, int setMembers, int updateDomainConflicts,
        double freeShare, int rank) {

    /** Validates every part. */
    public NodeVerdict {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(rejection, "rejection");
        if ((rank == 0) != !rejection.isEmpty() || rank < 0 || setMembers < 0 || updateDomainConflicts < 0) {
            throw new IllegalArgumentException("node " + node + ": a verdict is a rejection or a rank");
        }
    }

    /** @return whether the node could take the VM */
    public boolean eligible() {
        return rejection.isEmpty();
    }
}
