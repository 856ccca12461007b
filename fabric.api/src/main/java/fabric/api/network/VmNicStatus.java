package fabric.api.network;

import fabric.api.core.NodeId;
import java.util.Objects;
import java.util.Optional;

/**
 * One VM vNIC bound to a network controller's network interface.
 *
 * @param vm the VM's name
 * @param nic the NIC name the VM's specification lists
 * @param resource the network interface's ARM resource id
 * @param network the virtual network and subnet it is in ({@code vnet/subnet})
 * @param mac its MAC
 * @param address its customer address
 * @param node the node the guest runs on while plugged, else empty
 * @param plugged whether the guest's stack is plugged into the interface's port
 * @param detail why it is not plugged, in words; empty when plugged or simply stopped
 * @since 1.2
 */
public record VmNicStatus(String vm, String nic, String resource, String network, MacAddress mac, Ipv4Address address,
        Optional<NodeId> node, boolean plugged, String detail) {

    /** Validates every part. */
    public VmNicStatus {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(nic, "nic");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(detail, "detail");
        if (plugged && node.isEmpty()) {
            throw new IllegalArgumentException("a plugged vNIC has a node");
        }
    }
}
