package fabric.api.oem;

import fabric.api.core.Names;
import java.util.Objects;

/**
 * A component and the version a step brings it to.
 *
 * @param componentId the component's key
 * @param version the version
 */
public record ComponentTarget(String componentId, FirmwareVersion version) {

    /** Checks both fields. */
    public ComponentTarget {
        Names.require("component", componentId);
        Objects.requireNonNull(version, "version");
    }

    @Override
    public String toString() {
        return componentId + " " + version;
    }
}
