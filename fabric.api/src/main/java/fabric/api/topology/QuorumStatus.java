package fabric.api.topology;

import fabric.api.core.ScaleUnitId;
import java.util.Objects;

/**
 * The quorum arithmetic of a scale unit: every node has one vote, a witness adds one, and the scale
 * unit runs while a strict majority of all votes is present.
 *
 * @param scaleUnit the scale unit
 * @param totalVotes all votes: nodes plus the witness, if any
 * @param presentVotes votes of nodes that are up or in maintenance, plus an available witness
 * @param requiredVotes the majority: {@code totalVotes / 2 + 1}
 * @param hasWitness whether the scale unit has a witness
 * @param witnessAvailable whether its witness is reachable; {@code false} without a witness
 * @param state the verdict
 */
public record QuorumStatus(ScaleUnitId scaleUnit, int totalVotes, int presentVotes, int requiredVotes,
        boolean hasWitness, boolean witnessAvailable, QuorumState state) {

    /** Validates the arithmetic. */
    public QuorumStatus {
        Objects.requireNonNull(scaleUnit, "scaleUnit");
        Objects.requireNonNull(state, "state");
        if (totalVotes <= 0 || presentVotes < 0 || presentVotes > totalVotes
                || requiredVotes != totalVotes / 2 + 1) {
            throw new IllegalArgumentException("inconsistent quorum: " + presentVotes + "/" + totalVotes
                    + " present, " + requiredVotes + " required");
        }
    }

    /**
     * Computes the verdict for a vote count.
     *
     * @param scaleUnit the scale unit
     * @param totalVotes all votes
     * @param presentVotes votes present
     * @param hasWitness whether there is a witness
     * @param witnessAvailable whether the witness is reachable
     * @return the status
     */
    public static QuorumStatus of(ScaleUnitId scaleUnit, int totalVotes, int presentVotes, boolean hasWitness,
            boolean witnessAvailable) {
        int required = totalVotes / 2 + 1;
        QuorumState state = presentVotes < required ? QuorumState.OFFLINE
                : presentVotes == required ? QuorumState.AT_RISK : QuorumState.HEALTHY;
        return new QuorumStatus(scaleUnit, totalVotes, presentVotes, required, hasWitness, witnessAvailable, state);
    }

    /** @return how many more votes can be lost before the scale unit goes offline; negative when offline */
    public int margin() {
        return presentVotes - requiredVotes;
    }
}
