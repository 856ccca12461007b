package oem.kit;

import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.HardwareComponent;
import fabric.api.oem.HardwareProfile;
import fabric.api.core.FabricException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A hardware profile read from a vendor's {@code profiles.json}.
 *
 * @param vendor the vendor key
 * @param model the model
 * @param bmcProduct the BMC's product name
 * @param components the components
 * @param baselines the certified baselines, oldest first
 */
public record ProfileData(String vendor, String model, String bmcProduct, List<HardwareComponent> components,
        List<CertifiedBaseline> baselines) implements HardwareProfile {

    /** Checks that every baseline names exactly the model's components, and that names are unique. */
    public ProfileData {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(bmcProduct, "bmcProduct");
        components = List.copyOf(components);
        baselines = List.copyOf(baselines);
        if (components.isEmpty() || baselines.isEmpty()) {
            throw FabricException.invalid("profile " + model, "at least one component and one baseline are required");
        }
        HashSet<String> ids = new HashSet<>();
        for (HardwareComponent c : components) {
            if (!ids.add(c.id())) {
                throw FabricException.invalid("profile " + model, "component '" + c.id() + "' twice");
            }
        }
        HashSet<String> names = new HashSet<>();
        for (CertifiedBaseline b : baselines) {
            if (!names.add(b.name())) {
                throw FabricException.invalid("profile " + model, "baseline '" + b.name() + "' twice");
            }
            if (!b.versions().keySet().equals(ids)) {
                throw FabricException.invalid("profile " + model + " baseline " + b.name(),
                        "must name exactly the components " + new java.util.TreeSet<>(ids));
            }
        }
    }
}
