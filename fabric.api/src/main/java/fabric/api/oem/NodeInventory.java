package fabric.api.oem;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.Names;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node's BMC reports: which firmware each component runs, stages or waits to activate, and
 * the host's power state.
 *
 * @param node the node
 * @param vendor the vendor key, such as {@code dell}
 * @param model the model, such as {@code AX-760}
 * @param components every component, each key once
 * @param power the host's power state
 * @param bootCount how many times the host booted since the BMC started counting; never negative
 */
public record NodeInventory(NodeId node, String vendor, String model, List<InstalledFirmware> components,
        PowerState power, long bootCount) {

    /** Checks every field and copies the list. */
    public NodeInventory {
        Objects.requireNonNull(node, "node");
        Names.require("vendor", vendor);
        if (model == null || model.isBlank()) {
            throw FabricException.invalid("model", "a model is required");
        }
        components = List.copyOf(components);
        HashSet<String> seen = new HashSet<>();
        for (InstalledFirmware c : components) {
            if (!seen.add(c.componentId())) {
                throw FabricException.invalid("inventory of " + node, "component '" + c.componentId() + "' twice");
            }
        }
        Objects.requireNonNull(power, "power");
        if (bootCount < 0) {
            throw FabricException.invalid("bootCount", "must not be negative");
        }
    }

    /**
     * @param componentId a component key
     * @return that component, if the node has it
     */
    public Optional<InstalledFirmware> component(String componentId) {
        for (InstalledFirmware c : components) {
            if (c.componentId().equals(componentId)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
