package fabric.lifecycle.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.lifecycle.ComplianceStatus;
import fabric.api.lifecycle.ComponentCompliance;
import fabric.api.lifecycle.Incompatibility;
import fabric.api.lifecycle.NodeCompliance;
import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.HardwareComponent;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PackageDescriptor;
import fabric.api.oem.Prerequisite;
import fabric.api.topology.NodeSpec;
import fabric.lifecycle.internal.bmc.Baseboards;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Judges one node against a certified baseline, component by component, with the vLCM statuses.
 * Reads only: the node's BMC inventory, its vendor's profile and catalog.
 */
final class ComplianceEngine {

    /** The judgement of one node and what it was made from, for the planner. */
    record Assessment(NodeCompliance compliance, Vendor vendor, HardwareProfile profile, NodeInventory inventory,
            List<PackageDescriptor> packages) {
    }

    private final ProviderRegistry registry;
    private final Baseboards baseboards;

    ComplianceEngine(ProviderRegistry registry, Baseboards baseboards) {
        this.registry = registry;
        this.baseboards = baseboards;
    }

    /**
     * Judges a node. When the vendor's provider is withdrawn while this runs (its bundle stopped
     * mid-call), the judgement made from it is dropped and the node is reported waiting.
     */
    Assessment assess(NodeSpec node, String baselineName) {
        Optional<Vendor> vendor = registry.complete(node.vendor());
        if (vendor.isPresent()) {
            try {
                Assessment a = judge(node, baselineName, vendor.get());
                if (vendor.get().isValid()) {
                    return a;
                }
            } catch (FabricException e) {
                if (e.code() != ErrorCode.UNAVAILABLE || vendor.get().isValid()) {
                    throw e;
                }
            }
        }
        return waiting(node);
    }

    /** @return the node reported as waiting for its vendor's provider, with what its BMC last reported */
    Assessment waiting(NodeSpec node) {
        String waiting = "waiting for provider " + node.vendor();
        List<ComponentCompliance> components = new ArrayList<>();
        baseboards.existing(node.id()).ifPresent(bmc -> {
            for (InstalledFirmware f : bmc.inventory().components()) {
                components.add(new ComponentCompliance(f.componentId(), f.version(), null,
                        ComplianceStatus.UNAVAILABLE, null, false, "no certified baseline while " + waiting));
            }
        });
        return unjudged(node, ComplianceStatus.UNAVAILABLE, waiting, components, null, null, null);
    }

    private Assessment judge(NodeSpec node, String baselineName, Vendor v) {
        Optional<HardwareProfile> profile = v.profile(node.model());
        if (profile.isEmpty()) {
            return unjudged(node, ComplianceStatus.UNAVAILABLE, "provider " + node.vendor() + " certifies no model '"
                    + node.model() + "' (it has " + v.profiles().keySet() + ")", List.of(), v, null, null);
        }
        HardwareProfile p = profile.get();
        NodeInventory inventory = baseboards.controller(node.id(), p).inventory();
        Optional<CertifiedBaseline> baseline = baselineName == null ? Optional.of(p.latestBaseline())
                : p.baseline(baselineName);
        if (baseline.isEmpty()) {
            List<ComponentCompliance> components = new ArrayList<>();
            String why = node.vendor() + " " + node.model() + " has no certified baseline " + baselineName;
            for (InstalledFirmware f : inventory.components()) {
                components.add(new ComponentCompliance(f.componentId(), f.version(), null,
                        ComplianceStatus.INCOMPATIBLE, Incompatibility.CONFLICT, false, why));
            }
            return unjudged(node, ComplianceStatus.INCOMPATIBLE, why, components, v, p, inventory);
        }
        CertifiedBaseline b = baseline.get();
        List<ComponentCompliance> components = new ArrayList<>();
        List<PackageDescriptor> packages = new ArrayList<>();
        ComplianceStatus worst = ComplianceStatus.COMPLIANT;
        for (HardwareComponent c : p.components()) {
            ComponentCompliance cc = component(c, inventory, b, v, node.model(), packages);
            components.add(cc);
            worst = worst.worse(cc.status());
        }
        String detail = worst == ComplianceStatus.COMPLIANT ? "" : count(components, worst) + " of "
                + components.size() + " components " + worst.name().toLowerCase().replace('_', '-');
        NodeCompliance nc = new NodeCompliance(node.id(), node.vendor(), node.model(), b.name(), worst, detail,
                components);
        return new Assessment(nc, v, p, inventory, packages);
    }

    private static long count(List<ComponentCompliance> components, ComplianceStatus status) {
        return components.stream().filter(c -> c.status() == status).count();
    }

    private static Assessment unjudged(NodeSpec node, ComplianceStatus status, String detail,
            List<ComponentCompliance> components, Vendor vendor, HardwareProfile profile, NodeInventory inventory) {
        return new Assessment(new NodeCompliance(node.id(), node.vendor(), node.model(), null, status, detail,
                components), vendor, profile, inventory, List.of());
    }

    private static ComponentCompliance component(HardwareComponent c, NodeInventory inventory, CertifiedBaseline b,
            Vendor vendor, String model, List<PackageDescriptor> packages) {
        FirmwareVersion target = b.versions().get(c.id());
        Optional<InstalledFirmware> f = inventory.component(c.id());
        if (f.isEmpty()) {
            return new ComponentCompliance(c.id(), null, target, ComplianceStatus.INCOMPATIBLE,
                    Incompatibility.CONFLICT, false, "the BMC reports no " + c.id());
        }
        FirmwareVersion installed = f.get().version();
        if (installed.equals(target)) {
            return new ComponentCompliance(c.id(), installed, target, ComplianceStatus.COMPLIANT, null, false, "");
        }
        boolean staged = target.equals(f.get().staged()) || target.equals(f.get().pending());
        if (target.isOlderThan(installed)) {
            return new ComponentCompliance(c.id(), installed, target, ComplianceStatus.INCOMPATIBLE,
                    Incompatibility.WOULD_DOWNGRADE, staged, "runs " + installed + ", baseline " + b.name()
                            + " has the older " + target);
        }
        Optional<PackageDescriptor> pkg = vendor.catalog().find(model, c.id(), target);
        if (pkg.isEmpty()) {
            return new ComponentCompliance(c.id(), installed, target, ComplianceStatus.INCOMPATIBLE,
                    Incompatibility.NO_PACKAGE, staged, vendor.key() + "'s catalog has no package for " + c.id() + " "
                            + target + " on " + model);
        }
        for (Prerequisite q : pkg.get().prerequisites()) {
            FirmwareVersion now = inventory.component(q.componentId()).map(InstalledFirmware::version).orElse(null);
            FirmwareVersion brought = b.versions().get(q.componentId());
            FirmwareVersion best = now == null ? brought : brought == null || brought.isOlderThan(now) ? now : brought;
            if (best == null || best.isOlderThan(q.minimum())) {
                return new ComponentCompliance(c.id(), installed, target, ComplianceStatus.INCOMPATIBLE,
                        Incompatibility.MISSING_PREREQUISITE, staged, c.id() + " " + target + " needs " + q
                                + "; neither the node nor baseline " + b.name() + " brings it");
            }
        }
        packages.add(pkg.get());
        return new ComponentCompliance(c.id(), installed, target, ComplianceStatus.NON_COMPLIANT, null, staged,
                "runs " + installed + ", baseline " + b.name() + " has " + target);
    }
}
