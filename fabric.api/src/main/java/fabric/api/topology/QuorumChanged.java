package fabric.api.topology;

import fabric.api.journal.EventType;
import java.util.Objects;

/**
 * Journal event: a scale unit's quorum verdict changed.
 *
 * @param scaleUnit the scale unit's name
 * @param from the verdict before
 * @param to the verdict after
 * @param presentVotes votes present after the change
 * @param totalVotes all votes
 */
public record QuorumChanged(String scaleUnit, QuorumState from, QuorumState to, int presentVotes, int totalVotes) {

    /** The event's type in the journal. */
    public static final EventType<QuorumChanged> TYPE = EventType.of("topology.quorum-changed", QuorumChanged.class);

    /** Validates every part. */
    public QuorumChanged {
        Objects.requireNonNull(scaleUnit, "scaleUnit");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
