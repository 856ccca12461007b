package fabric.lifecycle.internal.shell;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.Violation;
import fabric.api.lifecycle.LifecycleService;
import fabric.api.lifecycle.VendorProvider;
import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.HardwareComponent;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.ValidationFinding;
import fabric.api.oem.ValidationResult;
import fabric.shell.Table;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code oem:} shell commands: which OEM providers are there, their certified profiles, and
 * checking a firmware package file. They only read.
 */
@Component(service = OemCommands.class)
@GogoCommand(scope = "oem", function = {"vendors", "profiles", "validate"})
public final class OemCommands {

    private final LifecycleService lifecycle;

    /** @param lifecycle the lifecycle service */
    @Activate
    public OemCommands(@Reference(name = "lifecycle") LifecycleService lifecycle) {
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    }

    /** @return the vendors table */
    @Descriptor("lists the OEM vendors whose bundles are active: bundle, models, validator, sequencer, catalog")
    public String vendors() {
        List<VendorProvider> vendors = lifecycle.vendors();
        if (vendors.isEmpty()) {
            return "no OEM provider is active\n";
        }
        Table t = new Table("VENDOR", "BUNDLE", "MODELS", "VALIDATOR", "SEQUENCER", "CATALOG", "STATE");
        for (VendorProvider v : vendors) {
            t.row(v.vendor(), v.bundle(), String.join(",", v.models()), yes(v.validator()), yes(v.sequencer()),
                    v.catalogPackages() < 0 ? "-" : v.catalogPackages() + " packages", v.complete() ? "ready"
                            : "incomplete");
        }
        StringBuilder out = new StringBuilder(t.render(0));
        for (VendorProvider v : vendors) {
            if (!v.sequencing().isEmpty()) {
                out.append(v.vendor()).append(": ").append(v.sequencing()).append('\n');
            }
        }
        return out.toString();
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    /** @return every profile */
    @Descriptor("lists every certified hardware profile with its components and baselines")
    public String profiles() {
        return profiles(null);
    }

    /**
     * @param vendor a vendor key
     * @return that vendor's profiles
     */
    @Descriptor("lists one vendor's certified hardware profiles with their components and baselines")
    public String profiles(@Descriptor("vendor key, such as dell") String vendor) {
        StringBuilder out = new StringBuilder();
        for (HardwareProfile p : lifecycle.profiles()) {
            if (vendor != null && !p.vendor().equals(vendor)) {
                continue;
            }
            out.append(p.vendor()).append(' ').append(p.model()).append(" (BMC ").append(p.bmcProduct())
                    .append(")\n");
            List<String> headers = new ArrayList<>(List.of("COMPONENT", "KIND", "DESCRIPTION"));
            for (CertifiedBaseline b : p.baselines()) {
                headers.add(b.name());
            }
            Table t = new Table(headers.toArray(String[]::new));
            for (HardwareComponent c : p.components()) {
                List<Object> row = new ArrayList<>(List.of(c.id(), c.kind(), c.description()));
                for (CertifiedBaseline b : p.baselines()) {
                    row.add(b.versions().get(c.id()));
                }
                t.row(row.toArray());
            }
            out.append(t.render(2));
        }
        if (out.length() == 0) {
            if (vendor != null) {
                throw new FabricException(ErrorCode.NOT_FOUND, "no profiles for vendor '" + vendor
                        + "' (active vendors: " + lifecycle.vendors().stream().map(VendorProvider::vendor).toList()
                        + ")");
            }
            return "no hardware profile is registered\n";
        }
        return out.toString();
    }

    /**
     * @param file a package file
     * @return the verdict
     */
    @Descriptor("checks a firmware package file alone: signature, vendor, payload digest")
    public String validate(@Descriptor("package file (.fwpkg)") String file) {
        return validate(file, null, null, System.out);
    }

    /**
     * @param file a package file
     * @param node a node
     * @return the verdict
     */
    @Descriptor("checks a firmware package file for a node: also model, component, certification by the node's"
            + " newest baseline, downgrade and prerequisites")
    public String validate(@Descriptor("package file (.fwpkg)") String file, @Descriptor("node name") String node) {
        return validate(file, node, null, System.out);
    }

    /**
     * @param file a package file
     * @param node a node
     * @param baseline the target baseline
     * @return the verdict
     */
    @Descriptor("checks a firmware package file for a node and a target baseline")
    public String validate(@Descriptor("package file (.fwpkg)") String file, @Descriptor("node name") String node,
            @Descriptor("target baseline name") String baseline) {
        return validate(file, node, baseline, System.out);
    }

    /**
     * Prints every finding of a rejected package, then fails with a one-line summary.
     *
     * @param file a package file
     * @param node a node, or {@code null}
     * @param baseline a baseline, or {@code null}
     * @param out where the findings of a rejected package go
     * @return {@code ACCEPTED} and what was checked
     */
    String validate(String file, String node, String baseline, PrintStream out) {
        ValidationResult r = lifecycle.validate(Path.of(file), node == null ? null : NodeId.of(node), baseline);
        if (r.accepted()) {
            return "ACCEPTED: " + r.label() + " for " + r.checkedAgainst();
        }
        out.println("REJECTED: " + r.label() + " for " + r.checkedAgainst() + ": " + r.findings().size()
                + (r.findings().size() == 1 ? " reason" : " reasons"));
        List<Violation> violations = new ArrayList<>();
        for (ValidationFinding f : r.findings()) {
            out.println("  " + f);
            violations.add(new Violation(f.reason().name(), f.message()));
        }
        out.flush();
        String more = r.findings().size() > 1 ? " (and " + (r.findings().size() - 1) + " more)" : "";
        throw new FabricException(ErrorCode.INVALID_ARGUMENT, file + ": rejected: " + r.findings().get(0) + more,
                violations, null);
    }
}
