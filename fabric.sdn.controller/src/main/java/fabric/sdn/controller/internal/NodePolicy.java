package fabric.sdn.controller.internal;

import fabric.api.core.NodeId;
import fabric.api.network.AddressMapping;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.MacAddress;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.Protocol;
import fabric.api.network.VirtualNetworkSpec;
import java.util.List;

/**
 * What one node's data plane must hold: the controller's output for that node. Lists are sorted, so
 * two policies with the same content are equal.
 *
 * @param node the node
 * @param version the desired-state version at which this content was computed
 * @param vnets the virtual networks its vNICs belong to
 * @param securityGroups the compiled groups on its ports
 * @param ports its vNICs' ports
 * @param mappings the customer-to-provider mappings of its virtual networks
 * @param vips the frontend addresses its mux owns
 * @param natRules the NAT rules its host agent holds (VIP:port to a local backend)
 * @param subnetGroups the security groups of its virtual networks' subnets
 * @param loadBalancers the data plane's load balancers of the VIPs its mux owns (frontend, pool,
 *        rules, probes, outbound SNAT), installed through {@link fabric.api.network.LoadBalancers}
 */
record NodePolicy(NodeId node, long version, List<VirtualNetworkSpec> vnets,
        List<NetworkSecurityGroupSpec> securityGroups, List<Port> ports, List<AddressMapping> mappings,
        List<Ipv4Address> vips, List<Nat> natRules, List<SubnetGroup> subnetGroups,
        List<LoadBalancerSpec> loadBalancers) {

    /**
     * A subnet's security group.
     *
     * @param vnet the virtual network's name
     * @param subnet the subnet's prefix
     * @param securityGroup the group's name
     */
    record SubnetGroup(String vnet, Ipv4Prefix subnet, String securityGroup) {
    }

    /**
     * A vNIC's port.
     *
     * @param name the port's (network interface's) name
     * @param vnet the virtual network's name
     * @param mac its MAC
     * @param address its customer address
     * @param securityGroup its group's name, or {@code null}
     */
    record Port(String name, String vnet, MacAddress mac, Ipv4Address address, String securityGroup) {
    }

    /**
     * A host agent's NAT rule: traffic for the VIP's port goes to a local backend.
     *
     * @param vip the frontend address
     * @param protocol TCP or UDP
     * @param frontendPort the VIP's port
     * @param port the backend's vNIC
     * @param backend the backend's customer address
     * @param backendPort the backend's port
     */
    record Nat(Ipv4Address vip, Protocol protocol, int frontendPort, String port, Ipv4Address backend, int backendPort) {
    }

    NodePolicy {
        vnets = List.copyOf(vnets);
        securityGroups = List.copyOf(securityGroups);
        ports = List.copyOf(ports);
        mappings = List.copyOf(mappings);
        vips = List.copyOf(vips);
        natRules = List.copyOf(natRules);
        subnetGroups = List.copyOf(subnetGroups);
        loadBalancers = List.copyOf(loadBalancers);
    }

    /** @return an empty policy */
    static NodePolicy empty(NodeId node) {
        return new NodePolicy(node, 0, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of());
    }

    /** @return this content at another version */
    NodePolicy at(long newVersion) {
        return new NodePolicy(node, newVersion, vnets, securityGroups, ports, mappings, vips, natRules, subnetGroups, loadBalancers);
    }

    /** @return true when both hold the same content, whatever their versions */
    boolean sameContent(NodePolicy other) {
        return other != null && at(0).equals(other.at(0));
    }
}
