package fabric.lifecycle.internal.shell;

import fabric.api.core.ByteSize;
import fabric.api.core.NodeId;
import fabric.api.lifecycle.Admission;
import fabric.api.lifecycle.AdmissionReason;
import fabric.api.lifecycle.AdmissionService;
import fabric.api.lifecycle.Headroom;
import fabric.api.lifecycle.QuorumMargin;
import fabric.api.lifecycle.VolumeAdmission;
import fabric.api.storage.ResyncStatus;
import fabric.api.storage.VolumeImpact;
import fabric.shell.Table;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code update:admission} command: may a node be taken down now, with the figures. Reads only. */
@Component(service = AdmissionCommands.class)
@GogoCommand(scope = "update", function = {"admission"})
public final class AdmissionCommands {

    static final String NOT_AVAILABLE = "not available from the storage API";

    /** Downtimes the resync after is estimated for: a quick reboot and a firmware update with several reboots. */
    private static final List<Duration> DOWNTIMES = List.of(Duration.ofMinutes(10), Duration.ofMinutes(30));

    private final AdmissionService admission;

    /** @param admission the admission service */
    @Activate
    public AdmissionCommands(@Reference(name = "admission") AdmissionService admission) {
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    /**
     * @param node a node name
     * @return the figures and the verdict
     */
    @Descriptor("is it safe to take a node down now? quorum margin, N-1 headroom, each volume, and the verdict")
    public String admission(@Descriptor("node name") String node) {
        return render(admission.admission(NodeId.of(node)));
    }

    static String render(Admission a) {
        StringBuilder out = new StringBuilder();
        out.append(a.node()).append(" (").append(a.scaleUnit()).append(", ").append(a.state()).append(")\n");
        QuorumMargin q = a.quorum();
        out.append("quorum: ").append(q.presentVotes()).append(" of ").append(q.totalVotes()).append(" votes present, ")
                .append(q.requiredVotes()).append(" needed; ").append(q.presentWithout()).append(" without ")
                .append(a.node()).append(" (margin ").append(q.marginNow()).append(" now, ").append(q.marginWithout())
                .append(" without)\n");
        Headroom h = a.headroom();
        out.append("N-1: reserve ").append(h.reserveHeld() ? "held" : "NOT held").append("; to move ")
                .append(h.vmsToMove()).append(" VM(s), ").append(h.vcpusToMove()).append(" vCPU, ")
                .append(bytes(h.memoryToMove())).append("; free elsewhere ").append(h.vcpusFreeElsewhere())
                .append(" vCPU, ").append(bytes(h.memoryFreeElsewhere())).append("; left after drain ")
                .append(h.vcpusLeftAfterDrain()).append(" vCPU, ").append(bytes(h.memoryLeftAfterDrain())).append("; ")
                .append(h.unplaceable().isEmpty() ? "every VM placed" : "no room for " + String.join(", ",
                        h.unplaceable())).append("; another loss after drain ")
                .append(h.reserveAfterDrain() ? "absorbed" : "NOT absorbed").append('\n');
        out.append("storage: ").append(bytes(a.bytesOnNode())).append(" on ").append(a.node()).append("'s disks; ")
                .append(a.volumes().size()).append(" volume(s)\n");
        if (!a.volumes().isEmpty()) {
            Table t = new Table("VOLUME", "LAYOUT", "NOW", "WITH NODE DOWN", "DOMAINS LOST", "SLABS ON NODE",
                    "BYTES ON NODE", "TO RESYNC NOW");
            for (VolumeAdmission v : a.volumes()) {
                t.row(v.volume(), v.layout(), v.healthNow(), v.healthAfter(), v.faultDomainsLostNow() + " -> "
                        + v.faultDomainsLostAfter(), v.slabsOnNode().isPresent() ? v.slabsOnNode().getAsLong()
                        + " of " + v.allocatedSlabs() : NOT_AVAILABLE + " (at most " + v.allocatedSlabs() + ")", v.bytesOnNode().isPresent() ? bytes(v.bytesOnNode().getAsLong()) : NOT_AVAILABLE,
                        bytes(v.staleBytes()));
            }
            out.append(t.render(2));
            if (a.storage().isEmpty()) {
                out.append("  slabs left without redundancy, resync rate and estimate: ").append(NOT_AVAILABLE)
                        .append('\n');
            }
        }
        a.storage().ifPresent(impact -> {
            long minimum = impact.volumes().stream().mapToLong(VolumeImpact::slabsWithoutRedundancy).sum();
            long offline = impact.volumes().stream().mapToLong(VolumeImpact::slabsOffline).sum();
            ResyncStatus r = impact.resync();
            out.append("  slabs with ").append(a.node()).append(" down: ").append(minimum)
                    .append(" left without redundancy, ").append(offline).append(" offline\n");
            out.append("  resync: ").append(bytes(r.bytesPending())).append(" pending now, ").append(bytes(r.bytesPerSecond()))
                    .append("/s ").append(r.measured() ? "measured by the last repairs" : "assumed (no repair measured yet)")
                    .append(", estimate ").append(duration(r.estimate())).append('\n');
            for (Duration down : DOWNTIMES) {
                out.append("  after ").append(duration(down)).append(" down at the pool's ")
                        .append(bytes(impact.columnWriteBytesPerSecond())).append("/s of writes: ~")
                        .append(bytes(impact.resyncBytesAfter(down))).append(" to resync, ~")
                        .append(duration(impact.resyncEstimate(down))).append('\n');
            }
        });
        out.append("verdict: ").append(a.verdict()).append('\n');
        for (AdmissionReason r : a.reasons()) {
            out.append("  - ").append(r.kind().name().toLowerCase().replace('_', ' ')).append(": ").append(r.text())
                    .append('\n');
        }
        return out.toString();
    }

    private static String duration(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : UpdateCommands.human(d);
    }

    private static String bytes(long b) {
        return b < 0 ? "-" + ByteSize.ofBytes(-b) : ByteSize.ofBytes(b).toString();
    }
}
