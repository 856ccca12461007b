package fabric.api.compute;

import fabric.api.core.NodeId;
import java.time.Duration;
import java.util.Objects;

/**
 * The outcome of a live migration: memory copied in pre-copy rounds while the VM runs, then the
 * last dirty pages copied while it is paused (the blackout).
 *
 * @param vm the VM's name
 * @param from the source node
 * @param to the target node
 * @param rounds pre-copy rounds run; 0 for a VM moved while stopped
 * @param transferredBytes memory sent in all rounds and the stop-and-copy
 * @param blackout how long the VM was paused
 * @param duration how long the migration took in all
 * @param converged whether the dirty memory shrank below the stop-and-copy threshold before the round
 *        limit (otherwise the stop-and-copy sent what was left)
 */
public record MigrationReport(String vm, NodeId from, NodeId to, int rounds, long transferredBytes,
        Duration blackout, Duration duration, boolean converged) {

    /** Validates every part. */
    public MigrationReport {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(blackout, "blackout");
        Objects.requireNonNull(duration, "duration");
        if (rounds < 0 || transferredBytes < 0 || blackout.isNegative() || duration.compareTo(blackout) < 0) {
            throw new IllegalArgumentException("migration of " + vm + ": inconsistent report");
        }
    }
}
