package fabric.api.network;

import fabric.api.core.Names;
import fabric.api.core.NodeId;
import java.util.Objects;

/**
 * A vPort to create on a node's virtual switch: the port a vNIC plugs into.
 *
 * @param name the port's name, unique in the fabric (for example {@code vm-1-nic-0})
 * @param node the node whose virtual switch gets the port
 * @param virtualNetwork the virtual network the port belongs to
 * @param mac the vNIC's MAC address (unicast)
 * @param address the vNIC's customer address, inside the network's address space
 */
public record VPortSpec(String name, NodeId node, String virtualNetwork, MacAddress mac, Ipv4Address address) {

    /** Validates every part. */
    public VPortSpec {
        Names.require("port.name", name);
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(virtualNetwork, "virtualNetwork");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        if (mac.isMulticast() || mac.value() == 0) {
            throw new IllegalArgumentException("port " + name + ": MAC " + mac + " is not a unicast address");
        }
    }
}
