package fabric.api.oem;

import fabric.api.core.Names;
import java.util.Objects;

/**
 * A condition a package sets on another component of the same node, such as "BMC at least 7.10
 * before this BIOS".
 *
 * @param componentId the other component's key
 * @param minimum the lowest version of it with which the package may be applied
 */
public record Prerequisite(String componentId, FirmwareVersion minimum) {

    /** Checks both fields. */
    public Prerequisite {
        Names.require("prerequisite component", componentId);
        Objects.requireNonNull(minimum, "minimum");
    }

    @Override
    public String toString() {
        return componentId + " >= " + minimum;
    }
}
