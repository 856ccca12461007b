package fabric.api.lifecycle;

/**
 * A scale unit's votes with and without one node.
 *
 * @param totalVotes every vote (nodes and witness)
 * @param requiredVotes the votes quorum needs
 * @param presentVotes the votes present now
 * @param presentWithout the votes present with the node down
 */
public record QuorumMargin(int totalVotes, int requiredVotes, int presentVotes, int presentWithout) {

    /** Checks the figures. */
    public QuorumMargin {
        if (totalVotes <= 0 || requiredVotes <= 0 || presentVotes < 0 || presentVotes > totalVotes
                || presentWithout < 0 || presentWithout > presentVotes) {
            throw new IllegalArgumentException("inconsistent quorum margin: " + presentVotes + " (" + presentWithout
                    + " without the node) of " + totalVotes + ", " + requiredVotes + " required");
        }
    }

    /** @return votes to spare now; negative when quorum is lost */
    public int marginNow() {
        return presentVotes - requiredVotes;
    }

    /** @return votes to spare with the node down; negative when quorum would be lost */
    public int marginWithout() {
        return presentWithout - requiredVotes;
    }
}
