package fabric.api.topology;

/** Whether a scale unit holds the majority of its votes. */
public enum QuorumState {
    /** A majority is present and the loss of any one more vote keeps it. */
    HEALTHY,
    /** A majority is present, but losing one more vote takes the scale unit offline. */
    AT_RISK,
    /**
     * The majority is lost: the scale unit refuses every state change until enough votes
     * return.
     */
    OFFLINE
}
