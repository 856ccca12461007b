package fabric.api.network;

import fabric.api.core.Names;
import java.util.List;
import java.util.Objects;

/**
 * A tenant's virtual network: its own customer address space, isolated from every other virtual
 * network even when the address spaces overlap.
 *
 * @param name the network's name, unique in the fabric
 * @param vni its VXLAN network identifier (or NVGRE virtual subnet id), 1 to 2^24-1, unique
 * @param addressSpace the customer address prefixes it may use, at least one
 * @param encapsulation how its frames cross the provider network
 */
public record VirtualNetworkSpec(String name, int vni, List<Ipv4Prefix> addressSpace, Encapsulation encapsulation) {

    /** The largest VNI (24 bits). */
    public static final int MAX_VNI = 0xFF_FFFF;

    /** Validates every part. */
    public VirtualNetworkSpec {
        Names.require("virtualNetwork.name", name);
        Objects.requireNonNull(encapsulation, "encapsulation");
        addressSpace = List.copyOf(addressSpace);
        if (vni < 1 || vni > MAX_VNI) {
            throw new IllegalArgumentException("virtual network " + name + ": VNI " + vni + " is not 1-" + MAX_VNI);
        }
        if (addressSpace.isEmpty()) {
            throw new IllegalArgumentException("virtual network " + name + ": the address space is empty");
        }
    }

    /**
     * @param ip a customer address as an int
     * @return true when the address is in this network's address space
     */
    public boolean contains(int ip) {
        for (Ipv4Prefix p : addressSpace) {
            if (p.contains(ip)) {
                return true;
            }
        }
        return false;
    }
}
