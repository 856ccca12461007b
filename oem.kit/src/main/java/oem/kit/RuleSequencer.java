package oem.kit;

import fabric.api.core.FabricException;
import fabric.api.oem.ComponentKind;
import fabric.api.oem.ComponentTarget;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.Prerequisite;
import fabric.api.oem.StepAction;
import fabric.api.oem.UpdateSequencer;
import fabric.api.oem.UpdateStep;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A vendor's {@link UpdateSequencer} driven by its {@link SequencingRules}: components in the vendor's
 * kind order, except that a package follows the packages updating the components it requires (and a
 * prerequisite applied on reset gets its reboot first where the BMC does not activate in order); images staged up front while the host runs, or one by one in maintenance; each applied
 * at once or on reset; reboots where the rules demand one, the remaining on-reset images activated by
 * one reboot at the end. Deterministic and stateless.
 */
public final class RuleSequencer implements UpdateSequencer {

    private final String vendor;
    private final SequencingRules rules;

    /**
     * @param vendor the vendor key
     * @param rules its rules
     */
    public RuleSequencer(String vendor, SequencingRules rules) {
        this.vendor = vendor;
        this.rules = rules;
    }

    @Override
    public String vendor() {
        return vendor;
    }

    private record Work(PackageDescriptor pkg, ComponentKind kind) {
        ComponentTarget target() {
            return new ComponentTarget(pkg.componentId(), pkg.version());
        }
    }

    @Override
    public String summary() {
        return rules.summary();
    }

    @Override
    public List<UpdateStep> sequence(NodeInventory node, List<PackageDescriptor> packages) {
        if (!node.vendor().equals(vendor)) {
            throw FabricException.invalid("node " + node.node(), "is a " + node.vendor() + " server, not " + vendor);
        }
        List<Work> work = new ArrayList<>();
        HashSet<String> components = new HashSet<>();
        for (PackageDescriptor p : packages) {
            if (!p.vendor().equals(vendor) || !p.models().contains(node.model())) {
                throw FabricException.invalid("package " + p.packageId(), "is not for " + vendor + " " + node.model());
            }
            if (!components.add(p.componentId())) {
                throw FabricException.invalid("package " + p.packageId(), "a second package for component '"
                        + p.componentId() + "'");
            }
            InstalledFirmware installed = node.component(p.componentId()).orElseThrow(() -> FabricException.invalid(
                    "package " + p.packageId(), node.node() + " has no component '" + p.componentId() + "'"));
            if (!installed.version().equals(p.version())) {
                work.add(new Work(p, installed.kind()));
            }
        }
        work.sort(Comparator.comparingInt((Work w) -> rules.rank(w.kind())).thenComparing(w -> w.pkg().componentId()));
        requirePrerequisites(node, work);
        work = prerequisitesFirst(work);

        String order = rules.componentOrder().stream().map(Enum::name).collect(Collectors.joining(" > "));
        List<UpdateStep> steps = new ArrayList<>();
        if (rules.stageWhileRunning()) {
            for (Work w : work) {
                steps.add(new UpdateStep("stage-" + w.pkg().componentId(), StepAction.STAGE, List.of(w.target()),
                        w.pkg().packageId(), true, rules.stageTime(), vendor + " stages images on the BMC while the"
                                + " node runs; " + w.kind() + " in order " + order));
            }
        }
        List<ComponentTarget> pending = new ArrayList<>();
        for (Work w : work) {
            String c = w.pkg().componentId();
            boolean immediate = rules.applyImmediately().contains(w.kind());
            for (Prerequisite q : w.pkg().prerequisites()) {
                boolean waiting = false;
                for (ComponentTarget t : pending) {
                    waiting |= t.componentId().equals(q.componentId());
                }
                if (waiting && (immediate || !rules.activatesInOrderAtReset())) {
                    steps.add(reboot("reboot-before-" + c, pending, c + " " + w.pkg().version() + " needs " + q
                            + ", which only a reboot activates"));
                    pending = new ArrayList<>();
                    break;
                }
            }
            if (!rules.stageWhileRunning()) {
                steps.add(new UpdateStep("stage-" + c, StepAction.STAGE, List.of(w.target()), w.pkg().packageId(),
                        false, rules.stageTime(), vendor + " stages only with the host out of service; " + w.kind()
                                + " in order " + order));
            }
            if (immediate) {
                boolean online = rules.stageWhileRunning() && rules.applyOnline().contains(w.kind());
                steps.add(new UpdateStep("apply-" + c, StepAction.APPLY_NOW, List.of(w.target()), w.pkg().packageId(),
                        online, w.pkg().installTime(), w.kind() + " image activates at once" + (online
                                ? ", without a host reboot, while the node runs" : ", with the node out of service")));
            } else {
                steps.add(new UpdateStep("apply-" + c, StepAction.APPLY_ON_RESET, List.of(w.target()),
                        w.pkg().packageId(), false, w.pkg().installTime(), w.kind()
                                + " image activates at the next reboot"));
                pending.add(w.target());
                if (rules.rebootAfter().contains(w.kind())) {
                    steps.add(reboot("reboot-after-" + c, pending, vendor + " reboots right after " + w.kind()
                            + " so the next images find it running"));
                    pending = new ArrayList<>();
                }
            }
        }
        if (!pending.isEmpty()) {
            steps.add(reboot("reboot", pending, pending.size() == 1 ? "activates the image applied on reset"
                    : "one reboot activates the " + pending.size() + " images applied on reset"));
        }
        return steps;
    }

    /** Every prerequisite must be met by the node or by a package of the set; refuses otherwise. */
    private static void requirePrerequisites(NodeInventory node, List<Work> work) {
        for (Work w : work) {
            for (Prerequisite q : w.pkg().prerequisites()) {
                FirmwareVersion brought = work.stream().filter(u -> u.pkg().componentId().equals(q.componentId()))
                        .map(u -> u.pkg().version()).findFirst().orElse(null);
                FirmwareVersion now = node.component(q.componentId()).map(InstalledFirmware::version).orElse(null);
                FirmwareVersion then = brought != null ? brought : now;
                if (then == null || then.isOlderThan(q.minimum())) {
                    throw FabricException.invalid("package " + w.pkg().packageId(), w.pkg().componentId() + " "
                            + w.pkg().version() + " needs " + q + ", which neither " + node.node()
                            + " nor these packages bring");
                }
            }
        }
    }

    /**
     * A stable topological order: the vendor's order, except that a package comes after the packages
     * that update the components it requires.
     */
    private static List<Work> prerequisitesFirst(List<Work> work) {
        List<Work> ordered = new ArrayList<>();
        HashSet<Work> visiting = new HashSet<>();
        for (Work w : work) {
            visit(w, work, ordered, visiting);
        }
        return ordered;
    }

    private static void visit(Work w, List<Work> work, List<Work> ordered, HashSet<Work> visiting) {
        if (ordered.contains(w)) {
            return;
        }
        if (!visiting.add(w)) {
            throw FabricException.invalid("package " + w.pkg().packageId(), "its prerequisites form a cycle");
        }
        for (Prerequisite q : w.pkg().prerequisites()) {
            for (Work u : work) {
                if (u.pkg().componentId().equals(q.componentId())) {
                    visit(u, work, ordered, visiting);
                }
            }
        }
        ordered.add(w);
    }

    private UpdateStep reboot(String id, List<ComponentTarget> targets, String reason) {
        return new UpdateStep(id, StepAction.REBOOT, targets, null, false, rules.rebootTime(), reason);
    }
}
