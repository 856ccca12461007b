package fabric.lifecycle.internal;

import fabric.api.lifecycle.PlanPhase;
import fabric.api.oem.ComponentTarget;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.UpdateStep;
import fabric.api.topology.NodeSpec;
import fabric.lifecycle.internal.RunEvents.StepPlanned;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a node's vendor steps into the run's steps, in the order of the dry-run plan: pre-check, the
 * vendor steps that run while the node serves, drain (which puts the node and its storage into
 * maintenance), the offline vendor steps, post-check, leaving maintenance and waiting for the resync.
 * Pure: the same inputs give the same steps, so a plan cut by a crash is completed identically.
 */
final class StepPlanner {

    private final String run;
    private final NodeSpec node;
    private final ComplianceEngine.Assessment assessment;
    private final int firstSeq;

    StepPlanner(String run, NodeSpec node, ComplianceEngine.Assessment assessment, int firstSeq) {
        this.run = run;
        this.node = node;
        this.assessment = assessment;
        this.firstSeq = firstSeq;
    }

    private record Draft(PlanPhase phase, String stepId, UpdateStep vendor, String targets, String text) {
    }

    List<StepPlanned> plan(List<UpdateStep> vendorSteps) {
        return plan(vendorSteps, List.of(), List.of());
    }

    /**
     * @param vendorSteps the vendor's steps not applied yet
     * @param preHooks the hooks called before the node is touched, in order
     * @param postHooks the hooks called once the node is back and in sync, in order
     * @return the node's steps
     */
    List<StepPlanned> plan(List<UpdateStep> vendorSteps, List<String> preHooks, List<String> postHooks) {
        List<Draft> drafts = new ArrayList<>();
        String n = node.id().value();
        drafts.add(new Draft(PlanPhase.PRE_CHECK, "pre-check", null, "", "check quorum, N-1 headroom, no other node"
                + " out and every volume healthy before " + n + " leaves"));
        for (String h : preHooks) {
            drafts.add(new Draft(PlanPhase.PRE_HOOK, h, null, "", "call pre-update hook " + h + " for " + n));
        }
        int firstOffline = 0;
        while (firstOffline < vendorSteps.size() && vendorSteps.get(firstOffline).hostOnline()) {
            firstOffline++;
        }
        for (int i = 0; i < firstOffline; i++) {
            drafts.add(vendor(PlanPhase.ONLINE, vendorSteps.get(i)));
        }
        boolean offline = firstOffline < vendorSteps.size();
        if (offline) {
            drafts.add(new Draft(PlanPhase.DRAIN, "drain", null, "", "drain " + n + " (live-migrate its VMs) and put"
                    + " it and its storage into maintenance"));
            for (int i = firstOffline; i < vendorSteps.size(); i++) {
                drafts.add(vendor(PlanPhase.OFFLINE, vendorSteps.get(i)));
            }
        }
        String all = assessment.packages().stream().map(p -> p.componentId() + "=" + p.version().value())
                .collect(Collectors.joining(","));
        drafts.add(new Draft(PlanPhase.POST_CHECK, "post-check", null, all, "check the BMC inventory of " + n
                + " shows baseline " + assessment.compliance().baseline()));
        if (offline) {
            drafts.add(new Draft(PlanPhase.EXIT_MAINTENANCE, "exit-maintenance", null, "", "take " + n
                    + " and its storage out of maintenance"));
            drafts.add(new Draft(PlanPhase.STORAGE_RESYNC, "storage-resync", null, "", "wait until every volume"
                    + " is healthy again (resync of what " + n + " missed)"));
        }
        for (String h : postHooks) {
            drafts.add(new Draft(PlanPhase.POST_HOOK, h, null, "", "call post-update hook " + h + " for " + n));
        }
        String previous = RunEngine.pairs(assessment.inventory().components());
        List<StepPlanned> out = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            PackageDescriptor pkg = d.vendor == null || d.vendor.packageId() == null ? null
                    : assessment.packages().stream().filter(p -> p.packageId().equals(d.vendor.packageId()))
                            .findFirst().orElse(null);
            out.add(new StepPlanned(run, firstSeq + i, n, d.phase, d.stepId, d.vendor == null ? null
                    : d.vendor.action(), d.targets, previous, d.vendor == null ? null : d.vendor.packageId(),
                    pkg != null && pkg.reversible(), d.text, i + 1, drafts.size()));
        }
        return out;
    }

    private static Draft vendor(PlanPhase phase, UpdateStep s) {
        String targets = s.targets().stream().map(t -> t.componentId() + "=" + t.version().value())
                .collect(Collectors.joining(","));
        String shown = s.targets().stream().map(ComponentTarget::toString).collect(Collectors.joining(", "));
        String text = switch (s.action()) {
            case STAGE -> "stage " + shown + " (" + s.packageId() + ")";
            case APPLY_NOW -> "apply " + shown + " now";
            case APPLY_ON_RESET -> "apply " + shown + " on reset";
            case REBOOT -> "reboot, activating " + shown;
        };
        return new Draft(phase, s.id(), s, targets, text);
    }
}
