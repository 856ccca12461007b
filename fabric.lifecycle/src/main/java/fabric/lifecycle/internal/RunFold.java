package fabric.lifecycle.internal;

import fabric.api.core.ScaleUnitId;
import fabric.api.journal.JournalRecord;
import fabric.api.lifecycle.RunEvent;
import fabric.api.lifecycle.RunState;
import fabric.api.lifecycle.RunStatus;
import fabric.lifecycle.internal.RunEvents.NodeFinished;
import fabric.lifecycle.internal.RunEvents.NodeOutcome;
import fabric.lifecycle.internal.RunEvents.RunStarted;
import fabric.lifecycle.internal.RunEvents.RunStateChanged;
import fabric.lifecycle.internal.RunEvents.StepDone;
import fabric.lifecycle.internal.RunEvents.StepFailed;
import fabric.lifecycle.internal.RunEvents.StepPlanned;
import fabric.lifecycle.internal.RunEvents.StepStarted;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of the current (or last) update run, as the fold of its journaled events: the same
 * events give the same state, whether they were applied as they were journaled or replayed at
 * start-up. Not thread-safe: the engine applies events under its lock.
 */
final class RunFold {

    /** Where one planned step stands. */
    enum StepStatus {
        PENDING, STARTED, DONE, FAILED
    }

    /** One planned step and where it stands. */
    static final class Step {
        final StepPlanned plan;
        StepStatus status = StepStatus.PENDING;
        java.time.Instant startedAt;
        int attempts;
        String lastFailure = "";

        Step(StepPlanned plan) {
            this.plan = plan;
        }
    }

    private static final int HISTORY = 2000;

    private RunStarted run;
    private int runsStarted;
    private RunState state;
    private String detail = "";
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, NodeFinished> finished = new LinkedHashMap<>();
    private final Deque<RunEvent> history = new ArrayDeque<>();

    /**
     * Applies one journal record; records of other types are ignored.
     *
     * @param r the record
     */
    void apply(JournalRecord r) {
        Optional<RunStarted> started = r.as(RunStarted.TYPE);
        if (started.isPresent()) {
            run = started.get();
            runsStarted++;
            state = RunState.RUNNING;
            detail = "";
            steps.clear();
            finished.clear();
            note(r, run.run(), "run started on " + run.scaleUnit() + " to baseline "
                    + (run.baseline() == null ? "(newest)" : run.baseline()) + ", nodes " + run.nodes());
            return;
        }
        r.as(StepPlanned.TYPE).filter(e -> ours(e.run())).ifPresent(e -> {
            steps.add(new Step(e));
            note(r, e.run(), "step " + e.seq() + " planned on " + e.node() + ": " + e.text());
        });
        r.as(StepStarted.TYPE).filter(e -> ours(e.run())).ifPresent(e -> {
            Step s = step(e.seq());
            s.status = StepStatus.STARTED;
            s.attempts = e.attempt();
            s.startedAt = r.time();
            note(r, e.run(), "step " + e.seq() + " started (attempt " + e.attempt() + "): " + s.plan.text());
        });
        r.as(StepDone.TYPE).filter(e -> ours(e.run())).ifPresent(e -> {
            step(e.seq()).status = StepStatus.DONE;
            note(r, e.run(), "step " + e.seq() + " done: " + e.detail() + (e.elapsed() == null || e.elapsed().isZero()
                    ? "" : " (took " + e.elapsed() + ")"));
        });
        r.as(StepFailed.TYPE).filter(e -> ours(e.run())).ifPresent(e -> {
            Step s = step(e.seq());
            s.status = StepStatus.FAILED;
            s.lastFailure = e.reason();
            note(r, e.run(), "step " + e.seq() + " failed (attempt " + e.attempt() + "): " + e.reason());
        });
        r.as(NodeFinished.TYPE).filter(e -> ours(e.run())).ifPresent(e -> {
            finished.put(e.node(), e);
            note(r, e.run(), e.node() + " " + e.outcome().name().toLowerCase()
                    + (e.reason().isEmpty() ? "" : ": " + e.reason()));
        });
        r.as(RunStateChanged.TYPE).filter(e -> ours(e.run())).ifPresent(e -> {
            state = e.state();
            detail = e.reason();
            note(r, e.run(), "run " + e.state().name().toLowerCase() + (e.reason().isEmpty() ? "" : ": "
                    + e.reason()));
        });
    }

    private boolean ours(String id) {
        return run != null && run.run().equals(id);
    }

    private void note(JournalRecord r, String runId, String text) {
        history.addLast(new RunEvent(r.index(), r.time(), runId, text));
        while (history.size() > HISTORY) {
            history.removeFirst();
        }
    }

    private Step step(int seq) {
        return steps.get(seq - 1);
    }

    /** @return the current or last run's start, if any */
    Optional<RunStarted> run() {
        return Optional.ofNullable(run);
    }

    /** @return how many runs the journal holds */
    int runsStarted() {
        return runsStarted;
    }

    RunState state() {
        return state;
    }

    String detail() {
        return detail;
    }

    List<Step> steps() {
        return steps;
    }

    Map<String, NodeFinished> finished() {
        return finished;
    }

    List<String> nodes() {
        return run == null ? List.of() : List.of(run.nodes().split(","));
    }

    /** @return the node whose steps are planned and which is not finished, if any */
    Optional<String> currentNode() {
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        String node = steps.get(steps.size() - 1).plan.node();
        return finished.containsKey(node) ? Optional.empty() : Optional.of(node);
    }

    /** @return the first step of the current node that is not done, if any */
    Optional<Step> nextStep() {
        Optional<String> node = currentNode();
        if (node.isEmpty()) {
            return Optional.empty();
        }
        for (Step s : steps) {
            if (s.plan.node().equals(node.get()) && s.status != StepStatus.DONE) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** @return the current node's steps, in order */
    List<Step> stepsOf(String node) {
        return steps.stream().filter(s -> s.plan.node().equals(node)).toList();
    }

    long failedNodes() {
        return finished.values().stream().filter(f -> f.outcome() == NodeOutcome.FAILED).count();
    }

    /** @return the run as it stands, if there is one */
    Optional<RunStatus> status() {
        if (run == null) {
            return Optional.empty();
        }
        int done = (int) steps.stream().filter(s -> s.status == StepStatus.DONE).count();
        String node = currentNode().orElse("");
        String step = nextStep().map(s -> s.plan.seq() + " " + s.plan.text()).orElse("");
        List<String> failed = finished.values().stream().filter(f -> f.outcome() == NodeOutcome.FAILED)
                .map(f -> f.node() + ": " + f.reason()).toList();
        return Optional.of(new RunStatus(run.run(), ScaleUnitId.of(run.scaleUnit()), run.baseline(), state, done,
                steps.size(), finished.size(), nodes().size(), node, step, detail, failed));
    }

    /**
     * @param count how many
     * @return the last {@code count} transitions, oldest first
     */
    List<RunEvent> history(int count) {
        List<RunEvent> all = new ArrayList<>(history);
        return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }
}
