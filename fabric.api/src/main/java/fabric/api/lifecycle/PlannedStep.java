package fabric.api.lifecycle;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of an update plan.
 *
 * @param index the step's position in the whole plan, from 1
 * @param phase where it sits in the node's update
 * @param action what it does, in one line, such as {@code stage bios 2.3.5 (dell/ax760-bios-2-3-5)}
 * @param reason why it is there, in one line
 * @param estimate the predicted duration, or {@code null} when the fabric has no estimate (see
 *        {@link UpdatePlan#notEstimated()})
 */
public record PlannedStep(int index, PlanPhase phase, String action, String reason, Duration estimate) {

    /** Checks the fields. */
    public PlannedStep {
        if (index < 1) {
            throw new IllegalArgumentException("a step index starts at 1");
        }
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        if (estimate != null && estimate.isNegative()) {
            throw new IllegalArgumentException("a negative estimate");
        }
    }

    /** @return the estimate, if there is one */
    public Optional<Duration> estimated() {
        return Optional.ofNullable(estimate);
    }
}
