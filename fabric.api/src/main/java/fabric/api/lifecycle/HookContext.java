package fabric.api.lifecycle;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import java.util.Objects;

/**
 * What an {@link UpdateHook} is called with.
 *
 * @param runId the update run
 * @param scaleUnit the scale unit it updates
 * @param node the node before or after whose update the hook is called
 * @param hook the hook's name, as the run's settings name it
 * @param phase {@link PlanPhase#PRE_HOOK} or {@link PlanPhase#POST_HOOK}
 * @param step the step's number in the run, from 1
 * @param attempt the attempt of this step, from 1 (a retry, or a call made again after a crash)
 */
public record HookContext(String runId, ScaleUnitId scaleUnit, NodeId node, String hook, PlanPhase phase, int step,
        int attempt) {

    /** Checks the fields. */
    public HookContext {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(scaleUnit, "scaleUnit");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(hook, "hook");
        if (phase != PlanPhase.PRE_HOOK && phase != PlanPhase.POST_HOOK) {
            throw new IllegalArgumentException("a hook is called in PRE_HOOK or POST_HOOK, not " + phase);
        }
        if (step < 1 || attempt < 1) {
            throw new IllegalArgumentException("step and attempt start at 1");
        }
    }

    /** @return the same text for every call of this step of this run: {@code run/step/node/hook} */
    public String key() {
        return runId + "/" + step + "/" + node.value() + "/" + hook;
    }
}
