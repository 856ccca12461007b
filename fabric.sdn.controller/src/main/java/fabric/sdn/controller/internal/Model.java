package fabric.sdn.controller.internal;

import fabric.api.core.NodeId;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.ProbeProtocol;
import fabric.api.network.Protocol;
import fabric.api.network.controller.ResourceId;
import java.util.List;

/** The controller's parsed, validated resources: what policy is compiled from. */
final class Model {

    private Model() {
    }

    /** A parsed resource of any kind. */
    sealed interface Resource permits Vnet, Nic, Nsg, Lb, Pip {
        /** @return its identity */
        ResourceId id();
    }

    /**
     * A subnet of a virtual network.
     *
     * @param name its name
     * @param prefix its prefix, inside the network's address space
     * @param nsg the security group of the whole subnet, or {@code null}
     */
    record Subnet(String name, Ipv4Prefix prefix, ResourceId nsg) {
    }

    /**
     * A virtual network.
     *
     * @param id identity
     * @param prefixes address space, not overlapping
     * @param subnets subnets, not overlapping
     * @param vni the VNI the controller allocated
     * @param encapsulation VXLAN or NVGRE
     */
    record Vnet(ResourceId id, List<Ipv4Prefix> prefixes, List<Subnet> subnets, int vni, Encapsulation encapsulation)
            implements Resource {

        Subnet subnet(String name) {
            for (Subnet s : subnets) {
                if (s.name().equals(name)) {
                    return s;
                }
            }
            return null;
        }
    }

    /**
     * A network interface (one IP configuration).
     *
     * @param id identity
     * @param node the node whose virtual switch holds its port
     * @param vnet its virtual network
     * @param subnet its subnet's name
     * @param ip its customer address
     * @param mac its MAC
     * @param nsg its security group, or {@code null}
     * @param pools backend pools it belongs to, as {@code lbId/backendAddressPools/name}
     */
    record Nic(ResourceId id, NodeId node, ResourceId vnet, String subnet, Ipv4Address ip, MacAddress mac,
            ResourceId nsg, List<String> pools) implements Resource {
    }

    /**
     * A network security group, compiled to the data plane's spec.
     *
     * @param id identity
     * @param spec the data plane's spec (named after the resource)
     */
    record Nsg(ResourceId id, NetworkSecurityGroupSpec spec) implements Resource {
    }

    /**
     * A load balancer's frontend.
     *
     * @param name its name
     * @param publicIp the public IP address resource it uses
     */
    record Frontend(String name, ResourceId publicIp) {
    }

    /**
     * A health probe.
     *
     * @param name its name
     * @param protocol TCP or HTTP
     * @param port the backend port probed
     * @param path for HTTP the request path, else {@code null}
     */
    record Probe(String name, ProbeProtocol protocol, int port, String path) {
    }

    /**
     * A load-balancing rule.
     *
     * @param name its name
     * @param frontend its frontend's name
     * @param pool its backend pool's name
     * @param protocol TCP or UDP
     * @param frontendPort the VIP's port
     * @param backendPort the backends' port
     * @param probe its probe's name, or {@code null}
     */
    record Rule(String name, String frontend, String pool, Protocol protocol, int frontendPort, int backendPort,
            String probe) {
    }

    /**
     * An outbound (SNAT) rule.
     *
     * @param name its name
     * @param frontend the frontend whose address backends leave by
     * @param pool the backend pool
     */
    record Outbound(String name, String frontend, String pool) {
    }

    /**
     * A load balancer.
     *
     * @param id identity
     * @param frontends frontends
     * @param pools backend pool names
     * @param rules load-balancing rules
     * @param probes probes
     * @param outbound outbound rules
     */
    record Lb(ResourceId id, List<Frontend> frontends, List<String> pools, List<Rule> rules, List<Probe> probes,
            List<Outbound> outbound) implements Resource {

        Frontend frontend(String name) {
            return frontends.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * A public IP address from the controller's pool.
     *
     * @param id identity
     * @param address the address
     * @param isStatic whether the client chose it
     */
    record Pip(ResourceId id, Ipv4Address address, boolean isStatic) implements Resource {
    }
}
