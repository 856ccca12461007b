package oem.kit;

import fabric.api.core.FabricException;
import fabric.api.oem.ComponentKind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A vendor's update rules, from the {@code sequencing} object of its {@code vendor.json}.
 *
 * @param componentOrder the order in which component kinds are updated; every kind once
 * @param stageWhileRunning whether the BMC can take images while the host serves workloads
 * @param applyImmediately the kinds whose images activate at once (the others at the next reboot)
 * @param applyOnline the kinds of {@code applyImmediately} that activate without taking the host out of
 *        service (only when images are staged while running)
 * @param rebootAfter the kinds after which a reboot comes at once, so later images find them running;
 *        images applied on reset are otherwise activated together by one reboot at the end
 * @param activatesInOrderAtReset whether the BMC activates the images of one reboot in the order they
 *        were applied (Dell Lifecycle Controller jobs, HPE install sets), so an image applied on reset
 *        may depend on an earlier one of the same reboot; when not, a prerequisite applied on reset is
 *        activated by its own reboot before its dependent is applied
 * @param stageTime the time to upload one image to the BMC
 * @param rebootTime the time of one host reboot, POST included
 * @param summary one line describing the vendor's way, for plans
 */
public record SequencingRules(List<ComponentKind> componentOrder, boolean stageWhileRunning,
        Set<ComponentKind> applyImmediately, Set<ComponentKind> applyOnline, Set<ComponentKind> rebootAfter,
        boolean activatesInOrderAtReset, Duration stageTime, Duration rebootTime, String summary) {

    /** Checks the rules. */
    public SequencingRules {
        componentOrder = List.copyOf(componentOrder);
        if (componentOrder.size() != ComponentKind.values().length || EnumSet.copyOf(componentOrder).size()
                != ComponentKind.values().length) {
            throw FabricException.invalid("sequencing.componentOrder", "must name every component kind once: "
                    + List.of(ComponentKind.values()));
        }
        applyImmediately = copy(applyImmediately);
        applyOnline = copy(applyOnline);
        rebootAfter = copy(rebootAfter);
        if (!applyImmediately.containsAll(applyOnline)) {
            throw FabricException.invalid("sequencing.applyOnline", "only kinds applied immediately can be applied"
                    + " online");
        }
        if (stageTime == null || stageTime.isNegative() || stageTime.isZero() || rebootTime == null
                || rebootTime.isNegative() || rebootTime.isZero()) {
            throw FabricException.invalid("sequencing", "stageSeconds and rebootSeconds must be positive");
        }
        Objects.requireNonNull(summary, "summary");
    }

    private static Set<ComponentKind> copy(Set<ComponentKind> kinds) {
        return kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    /**
     * @param kind a component kind
     * @return its position in the vendor's order, from 0
     */
    public int rank(ComponentKind kind) {
        return componentOrder.indexOf(kind);
    }
}
