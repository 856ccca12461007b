package fabric.api.lifecycle;

import java.util.Objects;

/**
 * One reason a node may not be taken down now.
 *
 * @param kind what kind of reason
 * @param text the reason in one line, naming the thing and the figures
 */
public record AdmissionReason(Kind kind, String text) {

    /** What stands against taking the node down. */
    public enum Kind {
        /** The node itself is not up. */
        NODE_NOT_UP,
        /** Another node of the scale unit is out: never two nodes out. */
        ANOTHER_NODE_OUT,
        /** Without the node, quorum would be lost. */
        QUORUM,
        /** The compute service reports the N-1 failover reserve not held. */
        RESERVE,
        /** Some of the node's VMs fit on no other up node. */
        PLACEMENT,
        /** A volume is resyncing: wait until it is done. */
        RESYNC_IN_FLIGHT,
        /** A volume is not healthy now (degraded, offline or with stale bytes). */
        VOLUME_UNHEALTHY,
        /** Without the node, a volume would lose more fault domains than it tolerates. */
        VOLUME_OFFLINE
    }

    /** Checks the fields. */
    public AdmissionReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("an admission reason says why");
        }
    }
}
