package fabric.lifecycle.internal;

import fabric.api.compute.VmMigrated;
import fabric.api.compute.VmStatus;
import fabric.api.core.ByteSize;
import fabric.api.core.NodeId;
import fabric.api.journal.JournalRecord;
import fabric.api.lifecycle.EstimateBasis;
import fabric.api.lifecycle.PlanPhase;
import fabric.api.oem.StepAction;
import fabric.api.oem.UpdateStep;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.ResyncStatus;
import fabric.api.topology.NodeSpec;
import fabric.lifecycle.internal.RunEvents.StepDone;
import fabric.lifecycle.internal.RunEvents.StepPlanned;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The predicted durations of a plan's maintenance steps, each with its basis: measured in this
 * fabric's journal when it holds the figure (the live-migration rate of every migration; the mean
 * duration of earlier runs' steps of the same kind, journaled per step), else from the settings
 * ({@link LifecycleConfig}) or the vendor's estimate. Built from one pass over the journal; then
 * read-only.
 */
final class Estimates {

    /** A predicted duration, where it comes from, and how it was worked out. */
    record Figure(Duration estimate, EstimateBasis basis, String note) {
        static Figure none(String note) {
            return new Figure(null, EstimateBasis.NONE, note);
        }
    }

    private final long migrationBytesPerSecond;
    private final Duration enterMaintenance;
    private final Duration exitMaintenance;
    private long migratedBytes;
    private long migrationNanos;
    private final Map<String, long[]> measured = new HashMap<>(); // kind -> {count, total nanos}
    private final Map<String, String> kindOfStep = new HashMap<>(); // run/seq -> kind
    private final Function<NodeId, String> modelOf;

    /**
     * @param migrationMibPerSecond the live-migration rate until one is measured
     * @param enterMaintenance entering maintenance
     * @param exitMaintenance leaving maintenance, until measured
     * @param modelOf each node's model (reboots are measured per model), or {@code null} when unknown
     */
    Estimates(long migrationMibPerSecond, Duration enterMaintenance, Duration exitMaintenance,
            Function<NodeId, String> modelOf) {
        if (migrationMibPerSecond <= 0) {
            throw new IllegalArgumentException("a live-migration rate must be positive");
        }
        this.migrationBytesPerSecond = migrationMibPerSecond << 20;
        this.enterMaintenance = enterMaintenance;
        this.exitMaintenance = exitMaintenance;
        this.modelOf = modelOf;
    }

    /** @param config the settings @param modelOf each node's model */
    static Estimates of(LifecycleConfig config, Function<NodeId, String> modelOf) {
        return new Estimates(config.migrationMibPerSecond(), Duration.ofSeconds(config.enterMaintenanceSeconds()),
                Duration.ofSeconds(config.exitMaintenanceSeconds()), modelOf);
    }

    /**
     * Takes in one journal record: live migrations, and the run steps that did work (not those that
     * found their effect there already after a restart).
     *
     * @param r a record, of any type
     */
    void accept(JournalRecord r) {
        r.as(VmMigrated.TYPE).ifPresent(m -> {
            migratedBytes += m.transferredBytes();
            migrationNanos += m.duration().toNanos();
        });
        r.as(StepPlanned.TYPE).ifPresent(p -> {
            String kind = kind(p);
            if (kind != null) {
                kindOfStep.put(p.run() + "/" + p.seq(), kind);
            }
        });
        r.as(StepDone.TYPE).ifPresent(d -> {
            String kind = kindOfStep.get(d.run() + "/" + d.seq());
            if (kind != null && d.elapsed() != null && !d.verified()) {
                long[] m = measured.computeIfAbsent(kind, k -> new long[2]);
                m[0]++;
                m[1] += d.elapsed().toNanos();
            }
        });
    }

    private String kind(StepPlanned p) {
        if (p.phase() == PlanPhase.EXIT_MAINTENANCE) {
            return "exit-maintenance";
        }
        if (p.phase() == PlanPhase.PRE_HOOK || p.phase() == PlanPhase.POST_HOOK) {
            return hookKind(p.phase(), p.stepId());
        }
        if (p.action() == StepAction.REBOOT && modelOf != null) {
            String model = modelOf.apply(NodeId.of(p.node()));
            return model == null ? null : "reboot " + model;
        }
        return null;
    }

    private Figure measuredOr(String kind, String what, Figure otherwise) {
        long[] m = measured.get(kind);
        if (m == null || m[0] == 0) {
            return otherwise;
        }
        Duration mean = Duration.ofNanos(m[1] / m[0]);
        return new Figure(mean, EstimateBasis.MEASURED, what + ": the mean of " + m[0] + " measured in earlier runs");
    }

    /**
     * @param node the node to drain
     * @param vms every VM (those holding capacity on the node are counted)
     * @return the drain: each VM's memory at the measured live-migration rate, else the setting's
     */
    Figure drain(NodeId node, List<VmStatus> vms) {
        long bytes = 0;
        int count = 0;
        for (VmStatus vm : vms) {
            if (vm.state().holdsCapacity() && vm.node().filter(node::equals).isPresent()) {
                bytes += vm.spec().memory().bytes();
                count++;
            }
        }
        boolean measuredRate = migratedBytes > 0 && migrationNanos > 0;
        if (count == 0) {
            return new Figure(Duration.ZERO, measuredRate ? EstimateBasis.MEASURED : EstimateBasis.SETTING,
                    "no VM runs on it");
        }
        String what = count + " VM(s), " + ByteSize.ofBytes(bytes) + " of memory";
        double rate = measuredRate ? migratedBytes / (migrationNanos / 1e9) : migrationBytesPerSecond;
        Duration d = Duration.ofSeconds((long) Math.ceil(bytes / rate));
        return new Figure(d, measuredRate ? EstimateBasis.MEASURED : EstimateBasis.SETTING, what + " at the "
                + (measuredRate ? "measured " : "assumed (nothing measured yet) ") + ByteSize.ofBytes((long) rate)
                + "/s");
    }

    /** @return entering maintenance, from the settings (in a run the drain step does it) */
    /**
     * The storage resync after the node was away so long: the bytes the pool's measured write rate
     * puts on the node's columns meanwhile, at the resync rate the last repairs measured (or the
     * storage engine's assumed rate before any repair).
     *
     * @param impact what the storage engine says of the node, or {@code null} without storage
     * @param downtime from entering to leaving maintenance, as planned
     */
    Figure resync(MaintenanceImpact impact, Duration downtime) {
        if (impact == null) {
            return Figure.none("needs fabric.s2d");
        }
        ResyncStatus r = impact.resync();
        long bytes = impact.resyncBytesAfter(downtime);
        return new Figure(impact.resyncEstimate(downtime), r.measured() ? EstimateBasis.MEASURED : EstimateBasis.SETTING,
                "~" + ByteSize.ofBytes(bytes) + " written to its columns in " + downtime + " at the pool's measured "
                        + ByteSize.ofBytes(impact.columnWriteBytesPerSecond()) + "/s, resynced at "
                        + ByteSize.ofBytes(r.bytesPerSecond()) + "/s (" + (r.measured() ? "measured by the last repairs"
                                : "assumed: no repair measured yet") + ")");
    }

    Figure enterMaintenance() {
        return new Figure(enterMaintenance, EstimateBasis.SETTING, "assumed " + enterMaintenance);
    }

    /** @return leaving maintenance: measured in earlier runs, else the settings' */
    Figure exitMaintenance() {
        return measuredOr("exit-maintenance", "leaving maintenance", new Figure(exitMaintenance,
                EstimateBasis.SETTING, "assumed " + exitMaintenance + " (nothing measured yet)"));
    }

    private static String hookKind(PlanPhase phase, String hook) {
        return (phase == PlanPhase.PRE_HOOK ? "pre-hook " : "post-hook ") + hook;
    }

    /**
     * @param phase {@code PRE_HOOK} or {@code POST_HOOK}
     * @param hook the hook's name
     * @return its calls measured in earlier runs, else none
     */
    Figure hook(PlanPhase phase, String hook) {
        return measuredOr(hookKind(phase, hook), "hook " + hook, Figure.none("no call of hook " + hook
                + " measured yet"));
    }

    /**
     * @param node the node
     * @param step a vendor step
     * @return a reboot of the node's model measured in earlier runs, else the vendor's estimate
     */
    Figure vendor(NodeSpec node, UpdateStep step) {
        Figure vendor = new Figure(step.estimate(), EstimateBasis.VENDOR, "the vendor's estimate");
        if (step.action() != StepAction.REBOOT) {
            return vendor;
        }
        return measuredOr("reboot " + node.model(), "a reboot of " + node.model(), vendor);
    }
}
