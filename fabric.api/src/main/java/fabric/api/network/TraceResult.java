package fabric.api.network;

import java.util.List;

/**
 * What the distributed firewall would do with one packet at one vNIC, and why.
 *
 * @param access the verdict
 * @param decidedBy {@code group/rule} of the deciding rule, {@code connection-state} when an
 *        allowed flow's state decided, or {@code no-group} when no group applies
 * @param steps each evaluation in order, one line each
 */
public record TraceResult(Access access, String decidedBy, List<String> steps) {

    /** Copies the steps. */
    public TraceResult {
        steps = List.copyOf(steps);
    }
}
