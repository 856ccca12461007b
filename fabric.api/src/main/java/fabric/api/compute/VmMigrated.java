package fabric.api.compute;

import fabric.api.core.NodeId;
import fabric.api.journal.EventType;
import java.time.Duration;
import java.util.Objects;

/**
 * Journal event: a VM moved from one node to another, live or stopped.
 *
 * @param vm the VM's name
 * @param from the source node's name
 * @param to the target node's name
 * @param rounds pre-copy rounds
 * @param transferredBytes memory sent
 * @param blackout how long the VM was paused
 * @param duration how long the move took
 * @param converged whether pre-copy converged
 */
public record VmMigrated(String vm, String from, String to, int rounds, long transferredBytes, Duration blackout,
        Duration duration, boolean converged) {

    /** The event's type in the journal. */
    public static final EventType<VmMigrated> TYPE = EventType.of("compute.vm-migrated", VmMigrated.class);

    /** Validates every part. */
    public VmMigrated {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(blackout, "blackout");
        Objects.requireNonNull(duration, "duration");
    }

    /**
     * @param report a migration's report
     * @return the event
     */
    public static VmMigrated of(MigrationReport report) {
        return new VmMigrated(report.vm(), report.from().value(), report.to().value(), report.rounds(),
                report.transferredBytes(), report.blackout(), report.duration(), report.converged());
    }

    /** @return the migration's report */
    public MigrationReport report() {
        return new MigrationReport(vm, NodeId.of(from), NodeId.of(to), rounds, transferredBytes, blackout, duration,
                converged);
    }
}
