package fabric.api.network.controller;

import fabric.api.core.FabricException;
import java.util.Locale;

/** The kinds of network resource the controller holds, with their ARM type names. */
public enum ResourceType {
    /** {@code Microsoft.Network/virtualNetworks}. */
    VIRTUAL_NETWORK("virtualNetworks"),
    /** {@code Microsoft.Network/networkInterfaces}. */
    NETWORK_INTERFACE("networkInterfaces"),
    /** {@code Microsoft.Network/networkSecurityGroups}. */
    NETWORK_SECURITY_GROUP("networkSecurityGroups"),
    /** {@code Microsoft.Network/loadBalancers}. */
    LOAD_BALANCER("loadBalancers"),
    /** {@code Microsoft.Network/publicIPAddresses}. */
    PUBLIC_IP_ADDRESS("publicIPAddresses");

    private final String armName;

    ResourceType(String armName) {
        this.armName = armName;
    }

    /** @return the ARM collection name, such as {@code virtualNetworks} */
    public String armName() {
        return armName;
    }

    /** @return the full ARM type, such as {@code Microsoft.Network/virtualNetworks} */
    public String armType() {
        return "Microsoft.Network/" + armName;
    }

    /**
     * @param text an ARM collection name (any case) or an enum constant's name
     * @return the type
     * @throws FabricException {@code INVALID_ARGUMENT} for an unknown type
     */
    public static ResourceType parse(String text) {
        for (ResourceType t : values()) {
            if (t.armName.equalsIgnoreCase(text) || t.name().equalsIgnoreCase(text)) {
                return t;
            }
        }
        throw FabricException.invalid("type", "'" + text + "' is not one of virtualNetworks, networkInterfaces,"
                + " networkSecurityGroups, loadBalancers, publicIPAddresses");
    }

    @Override
    public String toString() {
        return armName.toLowerCase(Locale.ROOT);
    }
}
