package oem.kit;

import fabric.api.core.FabricException;
import fabric.api.oem.ComponentKind;
import fabric.api.oem.ComponentTarget;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
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
 * kind order; images staged up front while the host runs, or one by one in maintenance; each applied
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
            if (!rules.stageWhileRunning()) {
                steps.add(new UpdateStep("stage-" + c, StepAction.STAGE, List.of(w.target()), w.pkg().packageId(),
                        false, rules.stageTime(), vendor + " stages only with the host out of service; " + w.kind()
                                + " in order " + order));
            }
            if (rules.applyImmediately().contains(w.kind())) {
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

    private UpdateStep reboot(String id, List<ComponentTarget> targets, String reason) {
        return new UpdateStep(id, StepAction.REBOOT, targets, null, false, rules.rebootTime(), reason);
    }
}
