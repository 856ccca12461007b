package fabric.lifecycle.internal;

import fabric.api.journal.EventType;
import fabric.api.lifecycle.DrainPolicy;
import fabric.api.lifecycle.PlanPhase;
import fabric.api.lifecycle.RunState;
import fabric.api.oem.StepAction;
import java.time.Duration;

/** The journaled transitions of an update run; the run's state is their fold ({@link RunFold}). */
final class RunEvents {

    private RunEvents() {
    }

    /** How a node's part of a run ended. */
    enum NodeOutcome {
        /** Every step done and verified. */
        UPDATED,
        /** Nothing to do, or not updatable now, with the reason. */
        SKIPPED,
        /** A step failed beyond its retries. */
        FAILED
    }

    /**
     * A run began.
     *
     * @param run the run's id
     * @param scaleUnit the scale unit
     * @param baseline the baseline asked for; {@code null} for each model's newest
     * @param nodes the nodes in update order, comma-separated
     * @param maxFailedNodes setting
     * @param retriesPerNode setting
     * @param rebootTimeout setting
     * @param drainPolicy setting
     * @param packageDirectory setting
     * @param preHooks setting, comma-separated; {@code null} or empty for none
     * @param postHooks setting, comma-separated; {@code null} or empty for none
     * @param hookTimeout setting; {@code null} (journals of before hooks) for the default
     */
    record RunStarted(String run, String scaleUnit, String baseline, String nodes, int maxFailedNodes,
            int retriesPerNode, Duration rebootTimeout, DrainPolicy drainPolicy, String packageDirectory,
            String preHooks, String postHooks, Duration hookTimeout) {
        static final EventType<RunStarted> TYPE = EventType.of("lifecycle.run-started", RunStarted.class);

        /** @return the pre-update hooks, in order */
        java.util.List<String> preHookList() {
            return split(preHooks);
        }

        /** @return the post-update hooks, in order */
        java.util.List<String> postHookList() {
            return split(postHooks);
        }

        /** @return how long one hook call may take */
        Duration hookTimeoutOrDefault() {
            return hookTimeout == null ? fabric.api.lifecycle.RunSettings.DEFAULT_HOOK_TIMEOUT : hookTimeout;
        }

        private static java.util.List<String> split(String names) {
            return names == null || names.isBlank() ? java.util.List.of() : java.util.List.of(names.split(","));
        }
    }

    /**
     * A step of a node was planned (a node's steps are planned together when the run reaches it).
     *
     * @param run the run
     * @param seq the step's number in the run, from 1
     * @param node the node
     * @param phase where the step sits
     * @param stepId the vendor's step id, or the phase's name for fabric steps
     * @param action the vendor step's action; {@code null} for fabric steps
     * @param targets {@code component=version} pairs, comma-separated (vendor steps and the post-check)
     * @param previous {@code component=version} pairs installed when the node was planned (for rollback)
     * @param packageId the package to stage or apply; {@code null} otherwise
     * @param reversible whether the package keeps the previous image (dual bank)
     * @param text the step in words
     * @param position the step's position among its node's steps, from 1
     * @param count how many steps its node has (a node's plan is complete when all are journaled)
     */
    record StepPlanned(String run, int seq, String node, PlanPhase phase, String stepId, StepAction action,
            String targets, String previous, String packageId, boolean reversible, String text, int position,
            int count) {
        static final EventType<StepPlanned> TYPE = EventType.of("lifecycle.run-step-planned", StepPlanned.class);
    }

    /**
     * A step's attempt began; journaled before the step acts.
     *
     * @param run the run
     * @param seq the step
     * @param attempt the attempt, from 1
     */
    record StepStarted(String run, int seq, int attempt) {
        static final EventType<StepStarted> TYPE = EventType.of("lifecycle.run-step-started", StepStarted.class);
    }

    /**
     * A step finished.
     *
     * @param run the run
     * @param seq the step
     * @param verified true when the step found its effect already there (after a restart) and did nothing
     * @param detail what it did, in one line
     * @param elapsed from the journaled start of the attempt that finished to its end, on the run's
     *        clock; {@code null} in journals written before it was recorded
     */
    record StepDone(String run, int seq, boolean verified, String detail, Duration elapsed) {
        static final EventType<StepDone> TYPE = EventType.of("lifecycle.run-step-done", StepDone.class);
    }

    /**
     * A step's attempt failed.
     *
     * @param run the run
     * @param seq the step
     * @param attempt the attempt
     * @param reason why
     */
    record StepFailed(String run, int seq, int attempt, String reason) {
        static final EventType<StepFailed> TYPE = EventType.of("lifecycle.run-step-failed", StepFailed.class);
    }

    /**
     * A node's part of the run ended.
     *
     * @param run the run
     * @param node the node
     * @param outcome how
     * @param reason why, for skipped and failed nodes
     */
    record NodeFinished(String run, String node, NodeOutcome outcome, String reason) {
        static final EventType<NodeFinished> TYPE = EventType.of("lifecycle.run-node-finished", NodeFinished.class);
    }

    /**
     * The run's state changed (paused, resumed, waiting, finished).
     *
     * @param run the run
     * @param state the new state
     * @param reason why, in one line
     */
    record RunStateChanged(String run, RunState state, String reason) {
        static final EventType<RunStateChanged> TYPE = EventType.of("lifecycle.run-state-changed",
                RunStateChanged.class);
    }
}
