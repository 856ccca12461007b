package fabric.cluster.internal.membership;

import fabric.api.journal.EventType;
import java.util.Objects;

/**
 * Journal event: a scale unit's quorum witness became reachable or unreachable.
 *
 * @param scaleUnit the scale unit's name
 * @param available whether the witness is reachable now
 */
public record WitnessAvailabilityChanged(String scaleUnit, boolean available) {

    /** The event's type in the journal. */
    public static final EventType<WitnessAvailabilityChanged> TYPE =
            EventType.of("topology.witness-availability-changed", WitnessAvailabilityChanged.class);

    /** Validates the name. */
    public WitnessAvailabilityChanged {
        Objects.requireNonNull(scaleUnit, "scaleUnit");
    }
}
