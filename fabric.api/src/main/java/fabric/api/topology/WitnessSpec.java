package fabric.api.topology;

import java.util.Objects;

/**
 * A quorum witness: one extra vote held outside the scale unit's nodes.
 *
 * @param kind where the witness lives
 * @param location its address, such as {@code \\fs1\witness} or an account URL; never blank
 */
public record WitnessSpec(WitnessKind kind, String location) {

    /** Validates both parts. */
    public WitnessSpec {
        Objects.requireNonNull(kind, "kind");
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("a witness needs a location");
        }
    }
}
