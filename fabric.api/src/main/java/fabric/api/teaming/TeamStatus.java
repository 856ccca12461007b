package fabric.api.teaming;

import java.util.List;

/**
 * A team as it runs.
 *
 * @param spec what it was configured with
 * @param uplinks each NIC, in the spec's order
 */
public record TeamStatus(TeamSpec spec, List<UplinkStatus> uplinks) {

    /** Copies the list. */
    public TeamStatus {
        uplinks = List.copyOf(uplinks);
    }
}
