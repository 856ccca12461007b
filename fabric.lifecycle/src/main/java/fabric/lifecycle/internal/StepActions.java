package fabric.lifecycle.internal;

import fabric.api.compute.ComputeService;
import fabric.api.compute.DrainReport;
import fabric.api.compute.MigrationReport;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStatus;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.lifecycle.Admission;
import fabric.api.lifecycle.AdmissionReason;
import fabric.api.lifecycle.DrainPolicy;
import fabric.api.lifecycle.QuorumMargin;
import fabric.api.oem.ApplyTime;
import fabric.api.oem.BaseboardController;
import fabric.api.oem.ComponentTarget;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PowerState;
import fabric.api.oem.UpdateStep;
import fabric.api.oem.ValidationResult;
import fabric.api.storage.StorageService;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeStatus;
import fabric.api.topology.Membership;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeState;
import fabric.api.topology.Topology;
import fabric.lifecycle.internal.RunEvents.RunStarted;
import fabric.lifecycle.internal.RunEvents.StepPlanned;
import fabric.lifecycle.internal.RunFold.Step;
import fabric.lifecycle.internal.RunFold.StepStatus;
import fabric.lifecycle.internal.bmc.Baseboards;
import fabric.lifecycle.internal.bmc.SimulatedBmc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import oem.kit.PackageFormat;

/**
 * What each step of an update run does. Every action first checks whether its effect is already
 * there (node in maintenance, image staged, version installed, node up, volumes healthy) and then
 * does nothing, so running a step again after a crash is harmless. Uses the other areas only
 * through their API services.
 */
final class StepActions {

    /** A finished step: whether it found its effect there already, and what it did. */
    record Result(boolean verified, String detail) {
    }

    private final Topology topology;
    private final Membership membership;
    private final ComputeService compute;
    private final StorageService storage;
    private final Baseboards baseboards;
    private final Clock clock;
    private final AdmissionCheck admission;
    private final HookRegistry hooks;
    private final HookCalls hookCalls;

    StepActions(Topology topology, Membership membership, ComputeService compute, StorageService storage,
            ProviderRegistry registry, Baseboards baseboards, Clock clock, HookRegistry hooks, HookCalls hookCalls) {
        this.hooks = hooks;
        this.hookCalls = hookCalls;
        this.topology = topology;
        this.membership = membership;
        this.compute = compute;
        this.storage = storage;
        this.baseboards = baseboards;
        this.clock = clock;
        this.admission = new AdmissionCheck(topology, compute, storage);
    }

    /**
     * @return the result, or {@code null} when the step must be checked again later (not yet)
     * @throws FabricException when the step fails
     */
    Result act(RunStarted run, Step step, NodeSpec node, Vendor vendor, boolean fresh) {
        StepPlanned p = step.plan;
        return switch (p.phase()) {
            case PRE_CHECK -> preCheck(run, node);
            case DRAIN -> drain(run, node);
            case ONLINE, OFFLINE -> vendorStep(run, step, node, vendor, fresh);
            case POST_CHECK -> postCheck(p, node, vendor);
            case EXIT_MAINTENANCE -> exitMaintenance(node);
            case STORAGE_RESYNC -> resync(node);
            case ENTER_MAINTENANCE -> new Result(true, "the drain put the node into maintenance");
            case PRE_HOOK, POST_HOOK -> hook(run, step, node);
        };
    }

    /** Calls (or looks at the call of) an operator's hook; see {@link HookCalls}. */
    private Result hook(RunStarted run, Step step, NodeSpec node) {
        String name = step.plan.stepId();
        fabric.api.lifecycle.UpdateHook hook = hooks.get(name).orElseThrow(() -> new FabricException(
                ErrorCode.UNAVAILABLE, "hook " + name + " is not registered"));
        fabric.api.lifecycle.HookContext context = new fabric.api.lifecycle.HookContext(run.run(),
                ScaleUnitId.of(run.scaleUnit()), node.id(), name, step.plan.phase(), step.plan.seq(),
                Math.max(1, step.attempts));
        if (!hookCalls.call(hook, context, step.startedAt, clock.instant(), run.hookTimeoutOrDefault())) {
            return null;
        }
        return new Result(false, "hook " + name + " returned (attempt " + context.attempt() + ")");
    }

    /**
     * The pre-check is the admission check: the first reason against taking the node down fails
     * the step with its code, except a resync in flight, which is waited for; a VM without room
     * elsewhere does not stop a run whose drain policy is to force.
     */
    private Result preCheck(RunStarted run, NodeSpec node) {
        Admission a = admission.assess(node.id());
        boolean resyncing = false;
        for (AdmissionReason r : a.reasons()) {
            switch (r.kind()) {
                case RESYNC_IN_FLIGHT -> resyncing = true;
                case PLACEMENT -> {
                    if (run.drainPolicy() != DrainPolicy.FORCE) {
                        throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, r.text());
                    }
                }
                case RESERVE -> throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, r.text());
                case QUORUM -> throw new FabricException(ErrorCode.QUORUM_LOST, r.text());
                case VOLUME_UNHEALTHY, VOLUME_OFFLINE -> {
                    if (!resyncing) {
                        throw new FabricException(ErrorCode.FAILED_PRECONDITION, r.text());
                    }
                }
                case NODE_NOT_UP, ANOTHER_NODE_OUT -> throw new FabricException(ErrorCode.FAILED_PRECONDITION, r.text());
            }
        }
        if (resyncing) {
            return null; // A resync in flight: check again later.
        }
        QuorumMargin q = a.quorum();
        return new Result(false, "quorum " + q.presentVotes() + " of " + q.totalVotes() + " votes, "
                + q.presentWithout() + " with " + node.id() + " out (" + q.requiredVotes() + " needed); N-1 reserve"
                + " held, " + a.headroom().vmsToMove() + " VM(s) to move; " + a.volumes().size()
                + " volume(s) healthy");
    }

    private List<VolumeStatus> volumes(ScaleUnitId su) {
        try {
            return storage.pool(su).volumes();
        } catch (FabricException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
    }

    private Result drain(RunStarted run, NodeSpec node) {
        NodeState state = topology.status(node.id()).state();
        if (state == NodeState.MAINTENANCE) {
            return new Result(true, node.id() + " is drained and in maintenance already");
        }
        // The scale unit may have changed since the pre-check: check again right before the node leaves.
        if (preCheck(run, node) == null) {
            return null;
        }
        String forced = "";
        DrainReport report;
        try {
            report = compute.drainNode(node.id());
        } catch (FabricException e) {
            if (e.code() != ErrorCode.INSUFFICIENT_CAPACITY || run.drainPolicy() != DrainPolicy.FORCE) {
                throw e;
            }
            List<String> stopped = new ArrayList<>();
            for (VmStatus vm : compute.list()) {
                if (vm.node().filter(node.id()::equals).isPresent() && vm.state() == VmState.RUNNING) {
                    compute.stop(vm.spec().name());
                    stopped.add(vm.spec().name());
                }
            }
            forced = "forced (" + e.getMessage() + "): stopped " + String.join(", ", stopped) + "; ";
            report = compute.drainNode(node.id());
        }
        String moves = report.migrations().stream().map(StepActions::move).collect(Collectors.joining(", "));
        return new Result(false, forced + "moved " + report.migrations().size() + " VM(s)"
                + (moves.isEmpty() ? "" : ": " + moves));
    }

    private static String move(MigrationReport m) {
        return m.vm() + " to " + m.to();
    }

    private Result vendorStep(RunStarted run, Step step, NodeSpec node, Vendor vendor, boolean fresh) {
        StepPlanned p = step.plan;
        HardwareProfile profile = vendor.profile(node.model()).orElseThrow(() -> new FabricException(
                ErrorCode.FAILED_PRECONDITION, "provider " + vendor.key() + " certifies no model " + node.model()));
        BaseboardController bmc = baseboards.controller(node.id(), profile);
        List<ComponentTarget> targets = targets(p.targets());
        UpdateStep us = new UpdateStep(p.stepId(), p.action(), targets, p.packageId(), p.phase()
                == fabric.api.lifecycle.PlanPhase.ONLINE, Duration.ofSeconds(1), p.text());
        NodeInventory before = bmc.inventory();
        if (us.isApplied(before)) {
            return new Result(true, p.text() + ": the BMC shows it done");
        }
        switch (p.action()) {
            case STAGE -> {
                FirmwarePackage pkg = read(run, p.packageId());
                if (!pkg.descriptor().packageId().equals(p.packageId())
                        || !pkg.descriptor().version().equals(us.target().version())
                        || !pkg.descriptor().componentId().equals(us.target().componentId())) {
                    throw FabricException.invalid("package file " + p.packageId() + ".fwpkg", "it holds "
                            + pkg.descriptor().label() + ", not " + us.target());
                }
                ValidationResult verdict = vendor.validator().validatePackage(pkg);
                if (!verdict.accepted()) {
                    throw new FabricException(ErrorCode.FAILED_PRECONDITION, "package " + p.packageId()
                            + " rejected: " + verdict.findings().stream().map(Object::toString)
                                    .collect(Collectors.joining("; ")));
                }
                requireValid(vendor);
                bmc.stage(pkg);
            }
            case APPLY_NOW -> {
                requireValid(vendor);
                bmc.apply(us.target(), ApplyTime.IMMEDIATE);
            }
            case APPLY_ON_RESET -> {
                requireValid(vendor);
                bmc.apply(us.target(), ApplyTime.ON_RESET);
            }
            case REBOOT -> {
                // A new attempt power-cycles; a host still booting from this attempt is waited for.
                if (fresh || before.power() == PowerState.ON) {
                    requireValid(vendor);
                    bmc.reboot();
                }
            }
        }
        NodeInventory after = bmc.inventory();
        if (p.action() == fabric.api.oem.StepAction.REBOOT && after.power() != PowerState.ON) {
            if (step.startedAt != null && Duration.between(step.startedAt, clock.instant())
                    .compareTo(run.rebootTimeout()) > 0) {
                throw new FabricException(ErrorCode.UNAVAILABLE, node.id() + " did not come back within the reboot"
                        + " timeout of " + run.rebootTimeout());
            }
            return null;
        }
        if (!us.isApplied(after)) {
            throw new FabricException(ErrorCode.INTERNAL, node.id() + "'s BMC does not show " + p.text() + " done");
        }
        return new Result(false, p.text());
    }

    private static void requireValid(Vendor vendor) {
        if (!vendor.isValid()) {
            throw new FabricException(ErrorCode.UNAVAILABLE, "provider " + vendor.key() + " was withdrawn");
        }
    }

    private static FirmwarePackage read(RunStarted run, String packageId) {
        Path file = Path.of(run.packageDirectory(), packageId + ".fwpkg");
        if (!Files.isRegularFile(file)) {
            throw FabricException.notFound("package file", file.toString());
        }
        try {
            if (Files.size(file) > PackageFormat.MAX_PAYLOAD + (1 << 20)) {
                throw FabricException.invalid(file.toString(), "larger than any firmware package may be");
            }
            return PackageFormat.read(file.getFileName().toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, file + ": unreadable: " + e.getMessage(), e);
        }
    }

    private Result postCheck(StepPlanned p, NodeSpec node, Vendor vendor) {
        NodeInventory inv = bmcOf(node, vendor).inventory();
        List<String> wrong = new ArrayList<>();
        for (ComponentTarget t : targets(p.targets())) {
            FirmwareVersion now = inv.component(t.componentId()).map(InstalledFirmware::version).orElse(null);
            if (!t.version().equals(now)) {
                wrong.add(t.componentId() + " runs " + now + ", not " + t.version());
            }
        }
        if (!wrong.isEmpty()) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, String.join("; ", wrong));
        }
        return new Result(false, "the BMC shows " + p.targets().replace(",", ", "));
    }

    private BaseboardController bmcOf(NodeSpec node, Vendor vendor) {
        HardwareProfile profile = vendor.profile(node.model()).orElseThrow(() -> new FabricException(
                ErrorCode.FAILED_PRECONDITION, "provider " + vendor.key() + " certifies no model " + node.model()));
        return baseboards.controller(node.id(), profile);
    }

    private Result exitMaintenance(NodeSpec node) {
        NodeState state = topology.status(node.id()).state();
        if (state == NodeState.UP) {
            return new Result(true, node.id() + " is up already");
        }
        membership.exitMaintenance(node.id());
        return new Result(false, node.id() + " is up; its storage resyncs");
    }

    private Result resync(NodeSpec node) {
        List<VolumeStatus> volumes = volumes(topology.scaleUnitOf(node.id()));
        for (VolumeStatus v : volumes) {
            if (v.health() == VolumeHealth.OFFLINE) {
                throw new FabricException(ErrorCode.UNAVAILABLE, "volume " + v.name() + " is offline: " + v.reason());
            }
            if (v.health() != VolumeHealth.HEALTHY || v.staleBytes() > 0) {
                return null;
            }
        }
        return new Result(false, volumes.size() + " volume(s) healthy");
    }

    /**
     * Rolls back, on a failed node, every reversible component the run touched: staged and pending
     * images are dropped and the installed image goes back to what ran before the run (dual bank).
     *
     * @return what was rolled back, or empty
     */
    String rollback(String nodeName, List<Step> steps) {
        if (steps.isEmpty()) {
            return "";
        }
        Map<String, FirmwareVersion> previous = new LinkedHashMap<>();
        for (ComponentTarget t : targets(steps.get(0).plan.previous())) {
            previous.put(t.componentId(), t.version());
        }
        List<String> reversible = new ArrayList<>();
        for (Step s : steps) {
            if (s.plan.reversible() && s.status != StepStatus.PENDING) {
                targets(s.plan.targets()).forEach(t -> {
                    if (!reversible.contains(t.componentId())) {
                        reversible.add(t.componentId());
                    }
                });
            }
        }
        NodeId node = NodeId.of(nodeName);
        SimulatedBmc bmc = baseboards.existing(node).filter(SimulatedBmc.class::isInstance)
                .map(SimulatedBmc.class::cast).orElse(null);
        if (bmc == null) {
            return "";
        }
        List<String> done = new ArrayList<>();
        NodeInventory inv = bmc.inventory();
        for (String c : reversible) {
            FirmwareVersion was = previous.get(c);
            InstalledFirmware now = inv.component(c).orElse(null);
            if (was == null || now == null) {
                continue;
            }
            if (!now.version().equals(was) || now.staged() != null || now.pending() != null) {
                bmc.rollback(c, was);
                done.add(c + " to " + was);
            }
        }
        return String.join(", ", done);
    }

    static List<ComponentTarget> targets(String pairs) {
        List<ComponentTarget> out = new ArrayList<>();
        if (pairs == null || pairs.isBlank()) {
            return out;
        }
        for (String pair : pairs.split(",")) {
            int eq = pair.indexOf('=');
            out.add(new ComponentTarget(pair.substring(0, eq), FirmwareVersion.of(pair.substring(eq + 1))));
        }
        return out;
    }
}
