package fabric.api.network.controller;

import fabric.api.core.FabricException;
import fabric.api.core.Names;
import java.util.Objects;

/**
 * The ARM identity of a network resource:
 * {@code /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/{type}/{name}}.
 * Names follow the fabric's naming rule because the data plane's names are fabric-wide.
 *
 * @param subscription the subscription
 * @param resourceGroup the resource group
 * @param type the kind of resource
 * @param name the resource's name
 */
public record ResourceId(String subscription, String resourceGroup, ResourceType type, String name) {

    /** Validates every part. */
    public ResourceId {
        requireSegment("subscription", subscription);
        requireSegment("resourceGroup", resourceGroup);
        Objects.requireNonNull(type, "type");
        Names.require("name", name);
    }

    private static void requireSegment(String field, String value) {
        if (value == null || value.isBlank() || !value.matches("[A-Za-z0-9._()-]{1,90}")) {
            throw FabricException.invalid(field, "'" + value + "' is not 1-90 letters, digits, '.', '_', '-', '(' or ')'");
        }
    }

    /**
     * @param path an ARM id such as {@code /subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v}
     * @return the id
     * @throws FabricException {@code INVALID_ARGUMENT} when the path is not such an id
     */
    public static ResourceId parse(String path) {
        String[] p = path == null ? new String[0] : path.replaceAll("^/+|/+$", "").split("/");
        if (p.length != 8 || !p[0].equalsIgnoreCase("subscriptions") || !p[2].equalsIgnoreCase("resourceGroups")
                || !p[4].equalsIgnoreCase("providers") || !p[5].equalsIgnoreCase("Microsoft.Network")) {
            throw FabricException.invalid("id", "'" + path + "' is not /subscriptions/{sub}/resourceGroups/{rg}"
                    + "/providers/Microsoft.Network/{type}/{name}");
        }
        return new ResourceId(p[1], p[3], ResourceType.parse(p[6]), p[7]);
    }

    /** @return the ARM path of this resource */
    public String path() {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup + "/providers/"
                + type.armType() + "/" + name;
    }

    @Override
    public String toString() {
        return path();
    }
}
