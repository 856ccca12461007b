package fabric.api.teaming;

/**
 * What a team did with a frame handed to {@link EgressPort#send}.
 *
 * @since 1.1.0
 */
public enum EgressResult {
    /** Queued for a NIC (and possibly sent already). */
    QUEUED,
    /** Dropped: a lossy class's queue is full, no NIC is up, the frame is malformed or the port is closed. */
    DROPPED,
    /** A lossless class is paused (PFC): the sender holds the frame and retries after a {@link EgressPort#flush}. */
    PAUSED
}
