package fabric.compute.internal.hypervisor;

import fabric.api.compute.MigrationReport;
import fabric.api.core.NodeId;
import java.time.Duration;
import java.util.Objects;

/**
 * Pre-copy live migration, computed rather than waited for: the first round sends all memory while
 * the guest keeps running and dirtying pages at its rate; each next round sends what the previous
 * one left dirty. When what is dirty can be sent within the blackout target, or after the round
 * limit, the guest pauses and the rest is sent (stop-and-copy), plus a fixed switch-over (device
 * state, announcing the moved NICs). Deterministic: the same inputs give the same report.
 *
 * @param maxRounds the most pre-copy rounds; at least 1
 * @param blackoutTarget stop and copy once the dirty memory can be sent within this time
 * @param switchover the fixed part of the blackout
 * @param pageSize the granularity of dirty memory in bytes
 */
public record MigrationModel(int maxRounds, Duration blackoutTarget, Duration switchover, long pageSize) {

    /** Defaults close to Hyper-V's behaviour: up to 30 rounds, 5 ms target, 1 ms switch-over, 4 KiB pages. */
    public static final MigrationModel DEFAULT = new MigrationModel(30, Duration.ofMillis(5), Duration.ofMillis(1), 4096);

    /** Validates. */
    public MigrationModel {
        Objects.requireNonNull(blackoutTarget, "blackoutTarget");
        Objects.requireNonNull(switchover, "switchover");
        if (maxRounds < 1 || pageSize < 1 || blackoutTarget.isNegative() || switchover.isNegative()) {
            throw new IllegalArgumentException("invalid migration model");
        }
    }

    /**
     * @param vm the VM's name
     * @param from the source node
     * @param to the target node
     * @param memoryBytes the guest's memory
     * @param dirtyBytesPerSecond how fast the guest dirties memory
     * @param linkBytesPerSecond the migration network's bandwidth; positive
     * @return the migration's report
     */
    public MigrationReport migrate(String vm, NodeId from, NodeId to, long memoryBytes, long dirtyBytesPerSecond,
            long linkBytesPerSecond) {
        if (linkBytesPerSecond <= 0 || memoryBytes <= 0 || dirtyBytesPerSecond < 0) {
            throw new IllegalArgumentException("migration of " + vm + ": invalid sizes or rates");
        }
        double threshold = blackoutTarget.toNanos() / 1e9 * linkBytesPerSecond;
        long remaining = memoryBytes;
        long transferred = 0;
        long elapsedNanos = 0;
        int rounds = 0;
        boolean converged = false;
        while (rounds < maxRounds) {
            long roundNanos = sendNanos(remaining, linkBytesPerSecond);
            rounds++;
            transferred += remaining;
            elapsedNanos += roundNanos;
            double dirtied = dirtyBytesPerSecond * (roundNanos / 1e9);
            remaining = Math.min(memoryBytes, pages(dirtied) * pageSize);
            if (remaining <= threshold) {
                converged = true;
                break;
            }
        }
        long blackoutNanos = sendNanos(remaining, linkBytesPerSecond) + switchover.toNanos();
        transferred += remaining;
        Duration blackout = Duration.ofNanos(blackoutNanos);
        return new MigrationReport(vm, from, to, rounds, transferred, blackout,
                Duration.ofNanos(elapsedNanos).plus(blackout), converged);
    }

    private long pages(double bytes) {
        return (long) Math.ceil(bytes / pageSize);
    }

    private static long sendNanos(long bytes, long bytesPerSecond) {
        return (long) Math.ceil(bytes * 1e9 / bytesPerSecond);
    }
}
