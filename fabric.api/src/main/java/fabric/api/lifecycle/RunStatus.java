package fabric.api.lifecycle;

import fabric.api.core.ScaleUnitId;
import java.util.List;
import java.util.Objects;

/**
 * An update run as it stands, folded from the journal.
 *
 * @param runId the run's identifier
 * @param scaleUnit the scale unit it updates
 * @param baseline the baseline asked for, or {@code null} for each model's newest
 * @param state where it stands
 * @param stepsDone the steps finished so far, on the nodes planned so far
 * @param stepsPlanned the steps planned so far (a node's steps are planned when the run reaches it)
 * @param nodesDone how many nodes are finished (updated, skipped or failed)
 * @param nodesTotal how many nodes the run covers
 * @param node the node being updated now, or empty
 * @param step the step being executed or next, in words, or empty
 * @param detail why the run waits, failed or was cancelled, in one line; empty otherwise
 * @param failedNodes the nodes that failed, each with its reason
 */
public record RunStatus(String runId, ScaleUnitId scaleUnit, String baseline, RunState state, int stepsDone,
        int stepsPlanned, int nodesDone, int nodesTotal, String node, String step, String detail,
        List<String> failedNodes) {

    /** Checks the fields and copies the list. */
    public RunStatus {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(scaleUnit, "scaleUnit");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(detail, "detail");
        failedNodes = List.copyOf(failedNodes);
    }
}
