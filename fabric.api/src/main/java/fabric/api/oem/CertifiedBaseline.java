package fabric.api.oem;

import fabric.api.core.FabricException;
import fabric.api.core.Names;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A set of component versions that the vendor validated together for one server model, the unit
 * of compliance: a node is compliant with a baseline when each of its components runs the
 * baseline's version.
 *
 * @param name the baseline's name, such as {@code 24.06}: letters, digits, dots and hyphens, 1-32
 *        characters; a vendor uses the same name for the same release across its models
 * @param versions the version of every component of the model, by component key; at least one
 */
public record CertifiedBaseline(String name, Map<String, FirmwareVersion> versions) {

    /** Checks the name and the component keys, and copies the map in key order. */
    public CertifiedBaseline {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,31}")) {
            throw FabricException.invalid("baseline", "'" + name + "' is not a baseline name (1-32 letters, digits,"
                    + " dots and hyphens)");
        }
        Objects.requireNonNull(versions, "versions");
        if (versions.isEmpty()) {
            throw FabricException.invalid("baseline " + name, "it names no component version");
        }
        TreeMap<String, FirmwareVersion> copy = new TreeMap<>();
        versions.forEach((component, version) -> {
            Names.require("baseline " + name + " component", component);
            copy.put(component, Objects.requireNonNull(version, "version of " + component));
        });
        versions = Collections.unmodifiableMap(copy);
    }

    /**
     * @param componentId a component key
     * @return the baseline's version of that component, if the baseline names it
     */
    public Optional<FirmwareVersion> version(String componentId) {
        return Optional.ofNullable(versions.get(componentId));
    }
}
