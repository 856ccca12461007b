package fabric.api.oem;

import fabric.api.core.FabricException;
import fabric.api.core.Names;
import java.util.Objects;

/**
 * A firmware-bearing component of a certified server model, such as its BMC or its NIC family.
 * Components of the same kind and model that share one firmware image (every port of a NIC family,
 * every drive of one drive model) are one component.
 *
 * @param id the component's key, unique in its profile, following {@link Names} (such as {@code bios}
 *        or {@code idrac}); packages and baselines name components by this key
 * @param kind what it is
 * @param description the product's name, such as {@code iDRAC9} or {@code Broadcom 57414 25GbE}
 */
public record HardwareComponent(String id, ComponentKind kind, String description) {

    /** Checks every field. */
    public HardwareComponent {
        Names.require("component", id);
        Objects.requireNonNull(kind, "kind");
        if (description == null || description.isBlank()) {
            throw FabricException.invalid("component " + id, "a description is required");
        }
    }
}
