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
 * @param basis where the estimate comes from: measured in earlier runs, the vendor's, the settings',
 *        or none ({@code NONE}: a {@code null} estimate, or zero for a check that only reads state)
 */
public record PlannedStep(int index, PlanPhase phase, String action, String reason, Duration estimate,
        EstimateBasis basis) {

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
        Objects.requireNonNull(basis, "basis");
        if (estimate == null && basis != EstimateBasis.NONE) {
            throw new IllegalArgumentException("a step without an estimate has no basis");
        }
        if (basis == EstimateBasis.NONE && estimate != null && !estimate.isZero()) {
            throw new IllegalArgumentException("an estimate from nothing can only be zero");
        }
    }

    /**
     * A step whose estimate, if any, is the vendor's (as before 1.2.0).
     *
     * @param index see the record
     * @param phase see the record
     * @param action see the record
     * @param reason see the record
     * @param estimate see the record
     */
    public PlannedStep(int index, PlanPhase phase, String action, String reason, Duration estimate) {
        this(index, phase, action, reason, estimate, estimate == null ? EstimateBasis.NONE : EstimateBasis.VENDOR);
    }

    /** @return the estimate, if there is one */
    public Optional<Duration> estimated() {
        return Optional.ofNullable(estimate);
    }
}
