package fabric.api.oem;

import fabric.api.core.FabricException;
import fabric.api.core.Names;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a vendor's update sequence for one node. A step is data: the fabric executes it on the
 * node's {@link BaseboardController} and, because it says from an inventory alone whether it is
 * already done ({@link #isApplied(NodeInventory)}), a run that restarts after a crash skips the
 * steps that were done and repeats none.
 *
 * @param id the step's key, unique in its sequence, following {@link Names}, such as {@code stage-bios}
 * @param action what to do
 * @param targets the components and versions the step concerns: exactly one for {@code STAGE} and
 *        the two {@code APPLY} actions; the components a {@code REBOOT} activates (at least one)
 * @param packageId the package to stage or apply; {@code null} for a reboot
 * @param hostOnline whether the step can run while the node still serves workloads (staging, most
 *        BMC updates); {@code false} means the node must be drained and in maintenance first
 * @param estimate the vendor's estimate of the step's duration; positive
 * @param reason why the step is there and where it is, in one line, for plans and logs
 */
public record UpdateStep(String id, StepAction action, List<ComponentTarget> targets, String packageId,
        boolean hostOnline, Duration estimate, String reason) {

    /** Checks the fields against the action. */
    public UpdateStep {
        Names.require("step", id);
        Objects.requireNonNull(action, "action");
        targets = List.copyOf(targets);
        if (targets.isEmpty() || action != StepAction.REBOOT && targets.size() != 1) {
            throw FabricException.invalid("step " + id, action + " needs " + (action == StepAction.REBOOT
                    ? "at least one" : "exactly one") + " target");
        }
        if ((action == StepAction.REBOOT) != (packageId == null)) {
            throw FabricException.invalid("step " + id, "a package is required for " + action
                    + " and not allowed for a reboot");
        }
        if (estimate == null || estimate.isNegative() || estimate.isZero()) {
            throw FabricException.invalid("step " + id, "the estimate must be positive");
        }
        if (reason == null || reason.isBlank() || reason.contains("\n")) {
            throw FabricException.invalid("step " + id, "the reason is one non-empty line");
        }
    }

    /**
     * Whether the node's inventory already shows this step's effect: for {@code STAGE}, the version
     * is staged, pending or installed; for {@code APPLY_ON_RESET}, pending or installed; for
     * {@code APPLY_NOW} and {@code REBOOT}, installed (on every target).
     *
     * @param inventory the node's inventory now
     * @return whether executing the step again would change nothing
     */
    public boolean isApplied(NodeInventory inventory) {
        for (ComponentTarget t : targets) {
            Optional<InstalledFirmware> c = inventory.component(t.componentId());
            if (c.isEmpty()) {
                return false;
            }
            InstalledFirmware f = c.get();
            boolean installed = f.version().equals(t.version());
            boolean pending = t.version().equals(f.pending());
            boolean staged = t.version().equals(f.staged());
            boolean done = switch (action) {
                case STAGE -> installed || pending || staged;
                case APPLY_ON_RESET -> installed || pending;
                case APPLY_NOW, REBOOT -> installed;
            };
            if (!done) {
                return false;
            }
        }
        return true;
    }

    /** @return the single target of a stage or apply step; for a reboot, the first */
    public ComponentTarget target() {
        return targets.get(0);
    }
}
