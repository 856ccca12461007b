package fabric.api.lifecycle;

import java.time.Instant;
import java.util.Objects;

/**
 * One transition of an update run, as journaled.
 *
 * @param journalIndex the event's index in the journal
 * @param time when it was journaled
 * @param runId the run
 * @param text what happened, in one line
 */
public record RunEvent(long journalIndex, Instant time, String runId, String text) {

    /** Checks the fields. */
    public RunEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(text, "text");
    }
}
