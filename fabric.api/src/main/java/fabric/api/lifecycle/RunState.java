package fabric.api.lifecycle;

/** Where an update run stands. */
public enum RunState {
    /** Executing steps. */
    RUNNING,
    /** Paused by an operator at a step boundary; {@code update:resume} continues. */
    PAUSED,
    /** Held at a step boundary until something returns, such as a withdrawn OEM provider. */
    WAITING,
    /** Every node was updated or skipped with a reason. */
    SUCCEEDED,
    /** A step failed beyond its retries and the run stopped; the reason says where. */
    FAILED,
    /** Cancelled by an operator at a step boundary. */
    CANCELLED;

    /** @return whether the run is over */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
