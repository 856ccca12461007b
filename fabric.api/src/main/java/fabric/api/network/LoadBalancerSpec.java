package fabric.api.network;

import fabric.api.core.Names;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A software load balancer's desired configuration: one frontend address (VIP) in a frontend
 * network, owned by a mux; a backend pool of vPorts (vNICs, the DIPs) in a backend network; rules
 * that spread flows to the VIP's ports over the pool (NAT at the backend's host, replies by Direct
 * Server Return); health probes; and optionally an outbound rule, by which the backends' connections
 * to addresses outside their network leave with the VIP as their source (SNAT), each backend with
 * its own port range. The frontend and backend networks may differ (a public VIP over a tenant
 * network) or be the same (an internal load balancer).
 *
 * @param name the load balancer's name, unique in the fabric
 * @param frontendNetwork the virtual network the VIP is an address of
 * @param frontendAddress the VIP: an address of the frontend network that no vPort uses
 * @param backendNetwork the virtual network of the backends
 * @param backends the backend pool: vPort names, unique; a port not attached yet joins when it attaches
 * @param rules the load-balancing rules, names unique, (protocol, frontend port) unique
 * @param probes the health probes, names unique; every probe a rule names must be here
 * @param outboundPortsPerBackend SNAT ports per backend (1-1024, from port 1024 up), or 0 for no outbound rule
 */
public record LoadBalancerSpec(String name, String frontendNetwork, Ipv4Address frontendAddress, String backendNetwork,
        List<String> backends, List<LoadBalancingRule> rules, List<HealthProbe> probes, int outboundPortsPerBackend) {

    /** Validates every part and their references. */
    public LoadBalancerSpec {
        Names.require("loadBalancer.name", name);
        Names.require("loadBalancer.frontendNetwork", frontendNetwork);
        Names.require("loadBalancer.backendNetwork", backendNetwork);
        if (frontendAddress == null) {
            throw new IllegalArgumentException("load balancer " + name + ": frontendAddress is missing");
        }
        backends = List.copyOf(backends);
        rules = List.copyOf(rules);
        probes = List.copyOf(probes);
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("load balancer " + name + ": backends is empty");
        }
        if (new HashSet<>(backends).size() != backends.size()) {
            throw new IllegalArgumentException("load balancer " + name + ": a backend is listed twice");
        }
        for (String b : backends) {
            Names.require("loadBalancer.backends", b);
        }
        Set<String> probeNames = new HashSet<>();
        for (HealthProbe p : probes) {
            if (!probeNames.add(p.name())) {
                throw new IllegalArgumentException("load balancer " + name + ": two probes are named " + p.name());
            }
        }
        Set<String> ruleNames = new HashSet<>();
        Set<String> listeners = new HashSet<>();
        for (LoadBalancingRule r : rules) {
            if (!ruleNames.add(r.name())) {
                throw new IllegalArgumentException("load balancer " + name + ": two rules are named " + r.name());
            }
            if (!listeners.add(r.protocol() + "/" + r.frontendPort())) {
                throw new IllegalArgumentException("load balancer " + name + ": two rules balance " + r.protocol()
                        + " port " + r.frontendPort());
            }
            if (r.probe() != null && !probeNames.contains(r.probe())) {
                throw new IllegalArgumentException("load balancer " + name + ": rule " + r.name() + " names probe "
                        + r.probe() + ", which is not defined");
            }
        }
        if (rules.isEmpty() && outboundPortsPerBackend == 0) {
            throw new IllegalArgumentException("load balancer " + name + ": it has neither rules nor an outbound rule");
        }
        if (outboundPortsPerBackend < 0 || outboundPortsPerBackend > 1024
                || 1024 + (long) outboundPortsPerBackend * backends.size() > 65536) {
            throw new IllegalArgumentException("load balancer " + name + ": " + outboundPortsPerBackend
                    + " outbound ports for " + backends.size() + " backends do not fit 1024-65535");
        }
    }
}
