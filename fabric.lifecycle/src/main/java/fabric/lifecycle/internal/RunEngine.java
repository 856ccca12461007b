package fabric.lifecycle.internal;

import fabric.api.compute.ComputeService;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.EventType;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.lifecycle.ComplianceStatus;
import fabric.api.lifecycle.PlanPhase;
import fabric.api.lifecycle.RunEvent;
import fabric.api.lifecycle.RunSettings;
import fabric.api.lifecycle.RunState;
import fabric.api.lifecycle.RunStatus;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.UpdateStep;
import fabric.api.storage.StorageService;
import fabric.api.topology.Membership;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeState;
import fabric.api.topology.Topology;
import fabric.lifecycle.internal.RunEvents.NodeFinished;
import fabric.lifecycle.internal.RunEvents.NodeOutcome;
import fabric.lifecycle.internal.RunEvents.RunStarted;
import fabric.lifecycle.internal.RunEvents.RunStateChanged;
import fabric.lifecycle.internal.RunEvents.StepDone;
import fabric.lifecycle.internal.RunEvents.StepFailed;
import fabric.lifecycle.internal.RunEvents.StepPlanned;
import fabric.lifecycle.internal.RunEvents.StepStarted;
import fabric.lifecycle.internal.RunFold.Step;
import fabric.lifecycle.internal.RunFold.StepStatus;
import fabric.lifecycle.internal.bmc.Baseboards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Drives the update run, one step per {@link #tick()}: the caller (a single scheduler thread in the
 * fabric, the test in tests) decides when time passes, so tests need no sleeps. Every transition is
 * journaled before the engine acts on it and applied to the {@link RunFold}; at construction the
 * fold is rebuilt from the journal, so after a crash the run goes on with the step it stood at. A
 * step that was started and not finished runs again, and because every step checks first whether its
 * effect is already there (BMC inventory, node state, volume health), none acts twice.
 *
 * <p>Control calls (start, pause, resume, cancel) and ticks are serialised by the engine's lock, so a
 * pause or cancel takes effect at a step boundary. Reads (status, history) do not wait for a step.
 */
final class RunEngine {

    private final Journal journal;
    private final Topology topology;
    private final StepActions actions;
    private final ProviderRegistry registry;
    private final ComplianceEngine engine;
    private final Clock clock;
    private final RunFold fold = new RunFold();
    private final HookRegistry hooks;

    RunEngine(Journal journal, Topology topology, Membership membership, ComputeService compute, StorageService storage,
            ProviderRegistry registry, Baseboards baseboards, ComplianceEngine engine, Clock clock) {
        this(journal, topology, membership, compute, storage, registry, baseboards, engine, clock, new HookRegistry(),
                HookCalls.THREADS);
    }

    /**
     * @param hooks the registered update hooks
     * @param launcher how hook calls are started (threads in the fabric)
     */
    RunEngine(Journal journal, Topology topology, Membership membership, ComputeService compute, StorageService storage,
            ProviderRegistry registry, Baseboards baseboards, ComplianceEngine engine, Clock clock,
            HookRegistry hooks, HookCalls.Launcher launcher) {
        this.journal = journal;
        this.hooks = hooks;
        this.topology = topology;
        this.registry = registry;
        this.engine = engine;
        this.clock = clock;
        this.actions = new StepActions(topology, membership, compute, storage, registry, baseboards, clock, hooks,
                new HookCalls(launcher));
        journal.replay(0, r -> {
            synchronized (fold) {
                fold.apply(r);
            }
        });
    }

    private <E extends Record> void record(EventType<E> type, E event) {
        long index = journal.append(type, event);
        synchronized (fold) {
            fold.apply(new JournalRecord(index, clock.instant(), type.name(), type.encode(event)));
        }
    }

    /** @return the registered update hooks */
    List<fabric.api.lifecycle.HookRegistration> hooks() {
        return hooks.list();
    }

    /** @return the current or last run */
    Optional<RunStatus> status() {
        synchronized (fold) {
            return fold.status();
        }
    }

    /** @param count how many @return the last transitions */
    List<RunEvent> history(int count) {
        if (count <= 0) {
            throw FabricException.invalid("count", "must be positive");
        }
        synchronized (fold) {
            return fold.history(count);
        }
    }

    synchronized RunStatus start(ScaleUnitId scaleUnit, String baseline, RunSettings settings) {
        if (fold.run().isPresent() && !fold.state().finished()) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "update run " + fold.run().get().run() + " is "
                    + fold.state().name().toLowerCase() + "; cancel it or let it finish first");
        }
        List<NodeId> declared = topology.scaleUnit(scaleUnit).nodes().stream().map(NodeSpec::id).toList();
        List<NodeId> order = settings.nodeOrder().isEmpty() ? declared : settings.nodeOrder();
        for (NodeId n : order) {
            topology.node(n);
            if (!declared.contains(n)) {
                throw FabricException.invalid("node order", n + " is not in scale unit " + scaleUnit);
            }
        }
        if (order.size() != declared.size()) {
            Set<NodeId> missing = new HashSet<>(declared);
            missing.removeAll(order);
            throw FabricException.invalid("node order", "it leaves out " + missing.stream().map(NodeId::value)
                    .sorted().collect(Collectors.joining(", ")));
        }
        if (!Files.isDirectory(Path.of(settings.packageDirectory()))) {
            throw FabricException.notFound("package directory", settings.packageDirectory());
        }
        String id = "run-" + (fold.runsStarted() + 1);
        record(RunStarted.TYPE, new RunStarted(id, scaleUnit.value(), baseline, order.stream().map(NodeId::value)
                .collect(Collectors.joining(",")), settings.maxFailedNodes(), settings.retriesPerNode(),
                settings.rebootTimeout(), settings.drainPolicy(), settings.packageDirectory(),
                String.join(",", settings.preHooks()), String.join(",", settings.postHooks()),
                settings.hookTimeout()));
        return fold.status().orElseThrow();
    }

    synchronized RunStatus pause() {
        RunState s = current();
        if (s != RunState.RUNNING && s != RunState.WAITING) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "update run " + fold.run().get().run() + " is "
                    + s.name().toLowerCase() + "; only a running or waiting run can be paused");
        }
        record(RunStateChanged.TYPE, new RunStateChanged(fold.run().get().run(), RunState.PAUSED,
                "paused by an operator"));
        return fold.status().orElseThrow();
    }

    synchronized RunStatus resume() {
        RunState s = current();
        if (s != RunState.PAUSED) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "update run " + fold.run().get().run() + " is "
                    + s.name().toLowerCase() + "; only a paused run can be resumed");
        }
        record(RunStateChanged.TYPE, new RunStateChanged(fold.run().get().run(), RunState.RUNNING,
                "resumed by an operator"));
        return fold.status().orElseThrow();
    }

    synchronized RunStatus cancel() {
        RunState s = current();
        if (s.finished()) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "update run " + fold.run().get().run() + " is "
                    + s.name().toLowerCase() + " already");
        }
        String out = fold.currentNode().filter(n -> topology.status(NodeId.of(n)).state() == NodeState.MAINTENANCE)
                .map(n -> "; " + n + " is left in maintenance (node:resume " + n + " returns it)").orElse("");
        record(RunStateChanged.TYPE, new RunStateChanged(fold.run().get().run(), RunState.CANCELLED,
                "cancelled by an operator" + out));
        return fold.status().orElseThrow();
    }

    private RunState current() {
        if (fold.run().isEmpty()) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "no update run was started");
        }
        return fold.state();
    }

    /**
     * Does the next piece of work: plans the next node, executes one step, or checks once whether
     * what the run waits for is there.
     *
     * @return whether the run moved (call again at once); false when it is idle, waiting or finished
     */
    synchronized boolean tick() {
        if (fold.run().isEmpty() || fold.state().finished() || fold.state() == RunState.PAUSED) {
            return false;
        }
        RunStarted run = fold.run().get();
        Optional<String> node = fold.currentNode();
        if (node.isEmpty()) {
            return planNext(run);
        }
        List<Step> planned = fold.stepsOf(node.get());
        if (planned.size() < planned.get(0).plan.count()) {
            return plan(run, topology.node(NodeId.of(node.get())), planned.size());
        }
        Optional<Step> next = fold.nextStep();
        if (next.isEmpty()) {
            record(NodeFinished.TYPE, new NodeFinished(run.run(), node.get(), NodeOutcome.UPDATED, ""));
            return true;
        }
        Step step = next.get();
        if (step.status == StepStatus.FAILED && step.attempts > run.retriesPerNode()) {
            return nodeFailed(run, step, step.lastFailure);
        }
        return execute(run, step);
    }

    private boolean planNext(RunStarted run) {
        for (String n : fold.nodes()) {
            if (!fold.finished().containsKey(n)) {
                return plan(run, topology.node(NodeId.of(n)), 0);
            }
        }
        long failed = fold.failedNodes();
        if (failed == 0) {
            record(RunStateChanged.TYPE, new RunStateChanged(run.run(), RunState.SUCCEEDED, "every node is "
                    + "updated or skipped with its reason"));
        } else {
            record(RunStateChanged.TYPE, new RunStateChanged(run.run(), RunState.FAILED, failed + " node(s) failed: "
                    + String.join("; ", fold.status().orElseThrow().failedNodes())));
        }
        return true;
    }

    /** Plans a node's steps, journaling those from {@code from} on (a plan cut by a crash is completed). */
    private boolean plan(RunStarted run, NodeSpec node, int from) {
        Optional<Vendor> vendor = registry.complete(node.vendor());
        if (vendor.isEmpty()) {
            return waitFor(run, "waiting for provider " + node.vendor());
        }
        ComplianceEngine.Assessment a = engine.assess(node, run.baseline());
        if (a.vendor() == null || !a.vendor().isValid()) {
            return waitFor(run, "waiting for provider " + node.vendor());
        }
        ComplianceStatus status = a.compliance().status();
        NodeState state = topology.status(node.id()).state();
        String skip = status == ComplianceStatus.COMPLIANT ? "compliant with " + a.compliance().baseline() + " already"
                : status != ComplianceStatus.NON_COMPLIANT ? status.name().toLowerCase().replace('_', '-') + ": "
                        + a.compliance().detail()
                : state != NodeState.UP && from == 0 ? node.id() + " is " + state + ", not up" : "";
        List<UpdateStep> vendorSteps = List.of();
        if (skip.isEmpty()) {
            try {
                vendorSteps = a.vendor().sequencer().sequence(a.inventory(), a.packages()).stream()
                        .filter(s -> !s.isApplied(a.inventory())).toList();
            } catch (RuntimeException e) {
                if (!a.vendor().isValid()) {
                    return waitFor(run, "waiting for provider " + node.vendor());
                }
                running(run);
                record(NodeFinished.TYPE, new NodeFinished(run.run(), node.id().value(), NodeOutcome.FAILED,
                        "provider " + node.vendor() + " could not sequence the update: " + e.getMessage()));
                stopIfTooManyFailed(run, node.id().value());
                return true;
            }
            if (!a.vendor().isValid()) {
                return waitFor(run, "waiting for provider " + node.vendor());
            }
            if (vendorSteps.isEmpty()) {
                skip = "nothing left to do: the BMC shows every step done";
            }
        }
        running(run);
        if (!skip.isEmpty() && from == 0) {
            record(NodeFinished.TYPE, new NodeFinished(run.run(), node.id().value(), NodeOutcome.SKIPPED, skip));
            return true;
        }
        List<StepPlanned> steps = new StepPlanner(run.run(), node, a, fold.steps().size() + 1 - from)
                .plan(vendorSteps, run.preHookList(), run.postHookList());
        for (StepPlanned s : steps.subList(from, steps.size())) {
            record(StepPlanned.TYPE, s);
        }
        return true;
    }

    private boolean execute(RunStarted run, Step step) {
        NodeSpec node = topology.node(NodeId.of(step.plan.node()));
        Vendor vendor = null;
        PlanPhase phase = step.plan.phase();
        if ((phase == PlanPhase.PRE_HOOK || phase == PlanPhase.POST_HOOK) && hooks.get(step.plan.stepId()).isEmpty()) {
            return waitFor(run, "waiting for hook " + step.plan.stepId());
        }
        if (step.plan.action() != null || step.plan.phase() == PlanPhase.POST_CHECK) {
            Optional<Vendor> v = registry.complete(node.vendor());
            if (v.isEmpty()) {
                return waitFor(run, "waiting for provider " + node.vendor());
            }
            vendor = v.get();
        }
        running(run);
        int attempt = step.status == StepStatus.STARTED ? step.attempts : step.attempts + 1;
        boolean fresh = step.status != StepStatus.STARTED;
        if (fresh) {
            record(StepStarted.TYPE, new StepStarted(run.run(), step.plan.seq(), attempt));
        }
        StepActions.Result result;
        try {
            result = actions.act(run, step, node, vendor, fresh);
        } catch (RuntimeException e) {
            if (vendor != null && !vendor.isValid()) {
                // The provider left mid-step; its handle changed nothing. The step runs again, verifying first.
                return waitFor(run, "waiting for provider " + node.vendor());
            }
            String reason = e instanceof FabricException ? e.getMessage() : e.toString();
            record(StepFailed.TYPE, new StepFailed(run.run(), step.plan.seq(), attempt, reason));
            return true;
        }
        if (result == null) {
            return false; // Not yet (a resync in flight, a host still booting): the step stays started.
        }
        Duration elapsed = step.startedAt == null ? Duration.ZERO : Duration.between(step.startedAt, clock.instant());
        record(StepDone.TYPE, new StepDone(run.run(), step.plan.seq(), result.verified(), result.detail(),
                elapsed.isNegative() ? Duration.ZERO : elapsed));
        return true;
    }

    private boolean nodeFailed(RunStarted run, Step step, String reason) {
        String node = step.plan.node();
        String rolledBack = actions.rollback(node, fold.stepsOf(node));
        boolean out = topology.status(NodeId.of(node)).state() != NodeState.UP;
        String why = "step " + step.plan.seq() + " (" + step.plan.text() + ") failed: " + reason
                + (rolledBack.isEmpty() ? "" : "; rolled back " + rolledBack)
                + (out ? "; " + node + " is left in maintenance" : "");
        record(NodeFinished.TYPE, new NodeFinished(run.run(), node, NodeOutcome.FAILED, why));
        if (out) {
            record(RunStateChanged.TYPE, new RunStateChanged(run.run(), RunState.FAILED, node + ": " + why));
        } else {
            stopIfTooManyFailed(run, node);
        }
        return true;
    }

    private void stopIfTooManyFailed(RunStarted run, String node) {
        if (fold.failedNodes() > run.maxFailedNodes()) {
            record(RunStateChanged.TYPE, new RunStateChanged(run.run(), RunState.FAILED, fold.failedNodes()
                    + " failed node(s), more than the " + run.maxFailedNodes() + " allowed; last " + node + ": "
                    + fold.finished().get(node).reason()));
        }
    }

    private boolean waitFor(RunStarted run, String reason) {
        if (fold.state() != RunState.WAITING || !fold.detail().equals(reason)) {
            record(RunStateChanged.TYPE, new RunStateChanged(run.run(), RunState.WAITING, reason));
        }
        return false;
    }

    private void running(RunStarted run) {
        if (fold.state() == RunState.WAITING) {
            record(RunStateChanged.TYPE, new RunStateChanged(run.run(), RunState.RUNNING, "no longer "
                    + fold.detail()));
        }
    }

    /** @return the component versions of a list, as {@code component=version,...} */
    static String pairs(List<InstalledFirmware> components) {
        return components.stream().map(c -> c.componentId() + "=" + c.version().value())
                .collect(Collectors.joining(","));
    }

    static List<String> ids(List<PackageDescriptor> packages) {
        List<String> out = new ArrayList<>();
        packages.forEach(p -> out.add(p.packageId()));
        return out;
    }
}
