package fabric.lifecycle.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.ScaleUnitId;
import fabric.api.lifecycle.ComplianceStatus;
import fabric.api.lifecycle.NodePlan;
import fabric.api.lifecycle.PlanPhase;
import fabric.api.lifecycle.PlannedStep;
import fabric.api.lifecycle.UpdatePlan;
import fabric.api.oem.StepAction;
import fabric.api.oem.UpdateStep;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeState;
import fabric.api.topology.QuorumStatus;
import fabric.api.storage.MaintenanceImpact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Computes a dry-run plan: for each node in declared order (one fault domain at a time), the
 * pre-check, the vendor's steps that run while the node serves, drain and maintenance when a step
 * needs the node out of service, the offline steps, the post-check, leaving maintenance and the
 * storage resync. Vendor steps carry the vendor's estimates (a reboot the figure measured in earlier
 * runs of the model, when there is one); drain and maintenance come from {@link Estimates} (measured
 * or from the settings); the storage resync has no estimate and is listed in
 * {@link UpdatePlan#notEstimated()}. Each step says its basis. Changes nothing.
 */
final class Planner {

    private final ComplianceEngine engine;

    Planner(ComplianceEngine engine) {
        this.engine = engine;
    }

    UpdatePlan plan(ScaleUnitId scaleUnit, List<NodeSpec> nodes, Map<fabric.api.core.NodeId, NodeState> states,
            QuorumStatus quorum, String baseline) {
        return plan(scaleUnit, nodes, states, quorum, baseline, null, null, List.of(), List.of());
    }

    /**
     * @param estimates the maintenance steps' figures, or {@code null} to leave them unestimated
     * @param vms every VM, for the drains, or {@code null} without the compute service
     * @param preHooks the hooks a run would call before each node
     * @param postHooks the hooks a run would call after each node
     */
    UpdatePlan plan(ScaleUnitId scaleUnit, List<NodeSpec> nodes, Map<fabric.api.core.NodeId, NodeState> states,
            QuorumStatus quorum, String baseline, Estimates estimates, List<fabric.api.compute.VmStatus> vms,
            List<String> preHooks, List<String> postHooks) {
        return plan(scaleUnit, nodes, states, quorum, baseline, estimates, vms, preHooks, postHooks, null);
    }

    /**
     * @param storage what the storage engine says of each node (null for a node without pool disks),
     *        or {@code null} without storage: then the resync is not estimated
     */
    UpdatePlan plan(ScaleUnitId scaleUnit, List<NodeSpec> nodes, Map<fabric.api.core.NodeId, NodeState> states,
            QuorumStatus quorum, String baseline, Estimates estimates, List<fabric.api.compute.VmStatus> vms,
            List<String> preHooks, List<String> postHooks,
            java.util.function.Function<fabric.api.core.NodeId, MaintenanceImpact> storage) {
        List<NodePlan> plans = new ArrayList<>();
        List<String> notEstimated = new ArrayList<>();
        int index = 1;
        Duration total = Duration.ZERO;
        for (NodeSpec node : nodes) {
            ComplianceEngine.Assessment a = engine.assess(node, baseline);
            String target = a.compliance().baseline();
            NodeState state = states.get(node.id());
            String skipped = skipReason(a, state, target);
            int after = quorum.presentVotes() - (state == NodeState.UP ? 1 : 0);
            if (skipped.isEmpty() && after < quorum.requiredVotes()) {
                skipped = "taking " + node.id() + " out now would leave " + after + " of " + quorum.totalVotes()
                        + " votes, below the " + quorum.requiredVotes() + " quorum needs";
            }
            if (!skipped.isEmpty()) {
                plans.add(new NodePlan(node.id(), null, List.of(), Duration.ZERO, skipped));
                continue;
            }
            List<UpdateStep> vendorSteps;
            try {
                vendorSteps = a.vendor().sequencer().sequence(a.inventory(), a.packages());
            } catch (FabricException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || a.vendor().isValid()) {
                    throw e;
                }
                vendorSteps = null;
            }
            if (vendorSteps == null || !a.vendor().isValid()) {
                // The provider went away while it computed: nothing it said is used.
                plans.add(new NodePlan(node.id(), null, List.of(), Duration.ZERO, "unavailable: waiting for provider "
                        + node.vendor()));
                continue;
            }
            // Steps the BMC already shows done (an image staged earlier) are not planned again.
            vendorSteps = vendorSteps.stream().filter(s -> !s.isApplied(a.inventory())).toList();
            List<PlannedStep> steps = new ArrayList<>();
            steps.add(new PlannedStep(index++, PlanPhase.PRE_CHECK, "check quorum, N-1 headroom and volume health",
                    "quorum has " + quorum.presentVotes() + " of " + quorum.totalVotes() + " votes, " + after
                            + " with " + node.id() + " out (" + quorum.requiredVotes() + " needed)", Duration.ZERO,
                    fabric.api.lifecycle.EstimateBasis.NONE));
            for (String h : preHooks) {
                steps.add(hook(index++, PlanPhase.PRE_HOOK, h, node, estimates, notEstimated));
            }
            int firstOffline = 0;
            while (firstOffline < vendorSteps.size() && vendorSteps.get(firstOffline).hostOnline()) {
                firstOffline++;
            }
            for (int i = 0; i < firstOffline; i++) {
                steps.add(vendor(index++, PlanPhase.ONLINE, node, vendorSteps.get(i), estimates));
            }
            boolean offline = firstOffline < vendorSteps.size();
            Estimates.Figure drain = !offline ? null : estimates == null || vms == null
                    ? Estimates.Figure.none("needs fabric.compute") : estimates.drain(node.id(), vms);
            if (offline) {
                steps.add(new PlannedStep(index++, PlanPhase.DRAIN, "drain " + node.id(), "a vendor step needs the"
                        + " node out of service; its VMs live-migrate to the other nodes first"
                        + (drain.estimate() == null ? "" : "; " + drain.note()), drain.estimate(), drain.basis()));
                Estimates.Figure enter = estimates == null ? Estimates.Figure.none("") : estimates.enterMaintenance();
                steps.add(new PlannedStep(index++, PlanPhase.ENTER_MAINTENANCE, "pause " + node.id()
                        + " and its storage", "never more than one node out; writes meant for it are tracked for"
                                + " resync" + (enter.estimate() == null ? "" : "; " + enter.note()), enter.estimate(),
                        enter.basis()));
                for (int i = firstOffline; i < vendorSteps.size(); i++) {
                    steps.add(vendor(index++, PlanPhase.OFFLINE, node, vendorSteps.get(i), estimates));
                }
            }
            steps.add(new PlannedStep(index++, PlanPhase.POST_CHECK, "read the BMC inventory", "every component must"
                    + " show baseline " + target + "'s version before the node returns", Duration.ZERO,
                    fabric.api.lifecycle.EstimateBasis.NONE));
            if (offline) {
                Estimates.Figure exit = estimates == null ? Estimates.Figure.none("") : estimates.exitMaintenance();
                steps.add(new PlannedStep(index++, PlanPhase.EXIT_MAINTENANCE, "resume " + node.id()
                        + " and its storage", "the node serves again" + (exit.estimate() == null ? "" : "; "
                                + exit.note()), exit.estimate(), exit.basis()));
                Duration downtime = Duration.ZERO;
                boolean away = false;
                for (PlannedStep st : steps) {
                    away |= st.phase() == PlanPhase.ENTER_MAINTENANCE;
                    if (away && st.estimate() != null) {
                        downtime = downtime.plus(st.estimate());
                    }
                }
                Estimates.Figure resync = estimates == null || storage == null ? Estimates.Figure.none("needs fabric.s2d")
                        : estimates.resync(storage.apply(node.id()), downtime);
                steps.add(new PlannedStep(index++, PlanPhase.STORAGE_RESYNC, "wait for the storage resync of "
                        + node.id(), "the next node may leave only when every volume is fully redundant again"
                                + (resync.estimate() == null ? "" : "; " + resync.note()), resync.estimate(),
                        resync.basis()));
                if (drain.estimate() == null) {
                    notEstimated.add(node.id() + ": drain (live migration of its VMs) - " + drain.note());
                }
                if (estimates == null) {
                    notEstimated.add(node.id() + ": entering and leaving maintenance - needs the lifecycle settings");
                }
                if (resync.estimate() == null) {
                    notEstimated.add(node.id() + ": storage resync - " + resync.note());
                }
            }
            for (String h : postHooks) {
                steps.add(hook(index++, PlanPhase.POST_HOOK, h, node, estimates, notEstimated));
            }
            Duration sum = steps.stream().map(PlannedStep::estimate).filter(d -> d != null)
                    .reduce(Duration.ZERO, Duration::plus);
            total = total.plus(sum);
            plans.add(new NodePlan(node.id(), target, steps, sum, ""));
        }
        return new UpdatePlan(scaleUnit, baseline, plans, total, notEstimated);
    }

    private static PlannedStep hook(int index, PlanPhase phase, String name, NodeSpec node, Estimates estimates,
            List<String> notEstimated) {
        Estimates.Figure f = estimates == null ? Estimates.Figure.none("no settings") : estimates.hook(phase, name);
        if (f.estimate() == null) {
            notEstimated.add(node.id() + ": hook " + name + " - " + f.note());
        }
        boolean pre = phase == PlanPhase.PRE_HOOK;
        String why = pre ? "the run's pre-update hooks run before anything touches the node"
                : "the run's post-update hooks run once the node is back and in sync";
        return new PlannedStep(index, phase, "call " + (pre ? "pre" : "post") + "-update hook " + name, why
                + (f.estimate() == null ? "" : "; " + f.note()), f.estimate(), f.basis());
    }

    private static String skipReason(ComplianceEngine.Assessment a, NodeState state, String target) {
        ComplianceStatus status = a.compliance().status();
        if (status == ComplianceStatus.COMPLIANT) {
            return "compliant with " + target + " already";
        }
        if (status != ComplianceStatus.NON_COMPLIANT) {
            return status.name().toLowerCase().replace('_', '-') + ": " + a.compliance().detail();
        }
        if (state != NodeState.UP) {
            return a.compliance().node() + " is " + state + "; it is updated once it is up";
        }
        return "";
    }

    private static PlannedStep vendor(int index, PlanPhase phase, NodeSpec node, UpdateStep s, Estimates estimates) {
        String targets = s.targets().stream().map(Object::toString).collect(Collectors.joining(", "));
        String action = switch (s.action()) {
            case STAGE -> "stage " + targets + " (" + s.packageId() + ")";
            case APPLY_NOW -> "apply " + targets + " now";
            case APPLY_ON_RESET -> "apply " + targets + " on reset";
            case REBOOT -> "reboot, activating " + targets;
        };
        assert s.action() != StepAction.REBOOT || s.packageId() == null;
        Estimates.Figure f = estimates == null ? new Estimates.Figure(s.estimate(), fabric.api.lifecycle.EstimateBasis.VENDOR,
                "") : estimates.vendor(node, s);
        String reason = f.basis() == fabric.api.lifecycle.EstimateBasis.MEASURED ? s.reason() + "; " + f.note()
                : s.reason();
        return new PlannedStep(index, phase, action, reason, f.estimate(), f.basis());
    }
}
