package fabric.api.network;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The distributed firewall: network security groups associated with vNICs (ports) and subnets,
 * evaluated on every node's virtual switch. Inbound traffic passes the subnet's group, then the
 * vNIC's; outbound the vNIC's, then the subnet's; each must allow. Failing operations throw
 * {@link fabric.api.core.FabricException} and change nothing. Thread-safe.
 */
@ProviderType
public interface Firewall {

    /**
     * Creates or replaces a group and compiles it.
     *
     * @param spec the group
     * @return the rules that can never decide, each with the rule that shadows it
     */
    List<ShadowedRule> apply(NetworkSecurityGroupSpec spec);

    /**
     * @param name a group without associations
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}, or {@code FAILED_PRECONDITION} while associated
     */
    void delete(String name);

    /** @return every group, by name */
    List<NetworkSecurityGroupSpec> groups();

    /**
     * @param group a group
     * @param port a vPort (vNIC); replaces the port's group, if any
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}
     */
    void associatePort(String group, String port);

    /**
     * @param group a group
     * @param virtualNetwork a virtual network
     * @param subnet a prefix inside its address space; ports whose address it holds get the group
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}, {@code INVALID_ARGUMENT} outside the address space
     */
    void associateSubnet(String group, String virtualNetwork, Ipv4Prefix subnet);

    /**
     * Removes a subnet's group: its ports keep only their vNIC's group, if any.
     *
     * @param virtualNetwork a virtual network
     * @param subnet a subnet a group is associated with (the same prefix)
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} when the subnet has no group
     * @since 1.1
     */
    void dissociateSubnet(String virtualNetwork, Ipv4Prefix subnet);

    /**
     * @param port a vPort
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} when the port has no group
     */
    void dissociatePort(String port);

    /**
     * @param group a group
     * @return hits per rule name, in evaluation order (inbound, then outbound)
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}
     */
    Map<String, Long> hits(String group);

    /**
     * Explains the verdict for one packet at a port, without counting it or creating flow state.
     *
     * @param port the vPort
     * @param direction which way the packet crosses it
     * @param protocol the packet's protocol ({@link Protocol#ANY} is refused)
     * @param source source address
     * @param sourcePort source port (0 without ports; for ICMP the echo identifier, which flow state is keyed by)
     * @param destination destination address
     * @param destinationPort destination port (0 without ports; for ICMP the echo identifier)
     * @return the verdict and each step
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} for an unknown port
     */
    TraceResult trace(String port, Direction direction, Protocol protocol, Ipv4Address source, int sourcePort,
            Ipv4Address destination, int destinationPort);
}
