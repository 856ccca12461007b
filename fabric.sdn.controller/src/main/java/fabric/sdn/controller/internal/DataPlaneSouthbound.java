package fabric.sdn.controller.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.Firewall;
import fabric.api.network.FrameSink;
import fabric.api.network.GuestStack;
import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.LoadBalancers;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.api.network.VirtualNetworks;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node agents over the data plane's services: each node's agent makes the virtual switch hold the
 * node's policy (virtual networks, compiled groups, vNIC ports with their groups, and the load
 * balancers of the VIPs the node's mux owns: VIP, rules with NAT to the backend port, probes,
 * outbound SNAT) and acknowledges the version. Idempotent: applying the same policy twice calls the
 * data plane only the first time. The agents own only what they created; ports, groups and load
 * balancers made by hand ({@code net:}) are left alone. A backend whose vNIC another node's agent
 * has not attached yet joins the mux's table when it attaches.
 */
final class DataPlaneSouthbound implements Southbound {

    private static final Logger LOG = Logger.getLogger(DataPlaneSouthbound.class.getName());

    private final VirtualNetworks networks;
    private final Firewall firewall;
    private final LoadBalancers loadBalancers;
    private final Set<String> ownedBalancers = new HashSet<>();
    /** Per node: the policy its agent last applied. */
    private final Map<NodeId, NodePolicy> appliedPolicies = new HashMap<>();
    /** Ports the agents attached, with the group associated. */
    private final Map<String, NodePolicy.Port> ownedPorts = new HashMap<>();
    private final Map<String, NicResponder> responders = new HashMap<>();
    private final Map<String, FrameSink> plugged = new HashMap<>();
    private final Set<String> ownedVnets = new HashSet<>();
    /** Subnet associations the agents made: "vnet|prefix" to the group. */
    private final Map<String, String> ownedSubnets = new HashMap<>();
    private final Set<String> ownedGroups = new HashSet<>();

    DataPlaneSouthbound(VirtualNetworks networks, Firewall firewall, LoadBalancers loadBalancers) {
        this.networks = Objects.requireNonNull(networks, "networks");
        this.firewall = Objects.requireNonNull(firewall, "firewall");
        this.loadBalancers = Objects.requireNonNull(loadBalancers, "loadBalancers");
    }

    @Override
    public synchronized long apply(NodePolicy policy) {
        NodeId node = policy.node();
        Map<String, VirtualNetworkSpec> existingVnets = new HashMap<>();
        networks.networks().forEach(v -> existingVnets.put(v.name(), v));
        for (VirtualNetworkSpec v : policy.vnets()) {
            VirtualNetworkSpec have = existingVnets.get(v.name());
            if (have != null && !have.equals(v) && ownedVnets.contains(v.name())) {
                // Address space changed: the data plane cannot change a network in place.
                detachAllIn(v.name());
                networks.delete(v.name());
                have = null;
            }
            if (have == null) {
                networks.create(v);
                ownedVnets.add(v.name());
            }
        }
        Map<String, NetworkSecurityGroupSpec> existingGroups = new HashMap<>();
        firewall.groups().forEach(g -> existingGroups.put(g.name(), g));
        for (NetworkSecurityGroupSpec g : policy.securityGroups()) {
            if (!g.equals(existingGroups.get(g.name()))) {
                firewall.apply(g);
                ownedGroups.add(g.name());
            }
        }
        Map<String, NodePolicy.Port> wanted = new HashMap<>();
        policy.ports().forEach(p -> wanted.put(p.name(), p));
        NodePolicy previous = appliedPolicies.get(node);
        if (previous != null) {
            for (NodePolicy.Port p : previous.ports()) {
                // Not when the port moved: another node's agent attached it there already.
                if (!wanted.containsKey(p.name()) && ownedPorts.containsKey(p.name()) && networks.port(p.name())
                        .map(v -> v.spec().node().equals(node)).orElse(true)) {
                    detach(p.name());
                }
            }
        }
        for (NodePolicy.Port p : policy.ports()) {
            NodePolicy.Port have = ownedPorts.get(p.name());
            boolean attached = have != null && networks.port(p.name()).map(VPort::isAttached).orElse(false)
                    && networks.port(p.name()).get().spec().node().equals(node);
            if (attached && (!have.vnet().equals(p.vnet()) || !have.mac().equals(p.mac())
                    || !have.address().equals(p.address()))) {
                detach(p.name());
                attached = false;
            }
            if (!attached) {
                if (have != null) {
                    detach(p.name());
                }
                NicResponder responder = new NicResponder(p.mac(), p.address());
                responder.plug(plugged.get(p.name()));
                VPort port = networks.attach(new VPortSpec(p.name(), node, p.vnet(), p.mac(), p.address()), responder);
                responder.bind(port);
                if (plugged.get(p.name()) instanceof GuestStack guest) {
                    guest.bind(port); // a plugged guest stack sends on the port where it is now
                }
                responders.put(p.name(), responder);
                ownedPorts.put(p.name(), new NodePolicy.Port(p.name(), p.vnet(), p.mac(), p.address(), null));
                have = ownedPorts.get(p.name());
            }
            if (!Objects.equals(have.securityGroup(), p.securityGroup())) {
                if (p.securityGroup() == null) {
                    firewall.dissociatePort(p.name());
                } else {
                    firewall.associatePort(p.securityGroup(), p.name());
                }
                ownedPorts.put(p.name(), p);
            }
        }
        for (NodePolicy.SubnetGroup s : policy.subnetGroups()) {
            String key = s.vnet() + "|" + s.subnet();
            if (!s.securityGroup().equals(ownedSubnets.get(key))) {
                firewall.associateSubnet(s.securityGroup(), s.vnet(), s.subnet());
                ownedSubnets.put(key, s.securityGroup());
            }
        }
        Map<String, LoadBalancerSpec> existingBalancers = new HashMap<>();
        loadBalancers.loadBalancers().forEach(b -> existingBalancers.put(b.name(), b));
        for (LoadBalancerSpec b : policy.loadBalancers()) {
            if (!b.equals(existingBalancers.get(b.name()))) {
                loadBalancers.apply(b);
            }
            // Also when the data plane replayed it from its journal: the controller names its load balancers.
            ownedBalancers.add(b.name());
        }
        appliedPolicies.put(node, policy);
        collectGarbage();
        return policy.version();
    }

    private void detachAllIn(String vnet) {
        for (NodePolicy.Port p : Set.copyOf(ownedPorts.values())) {
            if (p.vnet().equals(vnet)) {
                detach(p.name());
            }
        }
    }

    private void detach(String port) {
        NodePolicy.Port had = ownedPorts.remove(port);
        responders.remove(port);
        try {
            if (had != null && had.securityGroup() != null) {
                firewall.dissociatePort(port);
            }
            networks.detach(port);
        } catch (FabricException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * Deletes the load balancers, networks and groups the agents created that no applied policy holds
     * any more.
     */
    private void collectGarbage() {
        Set<String> vnets = new HashSet<>();
        Set<String> groups = new HashSet<>();
        Set<String> balancers = new HashSet<>();
        Set<String> subnets = new HashSet<>();
        for (NodePolicy p : appliedPolicies.values()) {
            p.subnetGroups().forEach(s -> subnets.add(s.vnet() + "|" + s.subnet()));
            p.vnets().forEach(v -> vnets.add(v.name()));
            p.securityGroups().forEach(g -> groups.add(g.name()));
            p.loadBalancers().forEach(b -> balancers.add(b.name()));
        }
        for (String key : Set.copyOf(ownedSubnets.keySet())) {
            if (!subnets.contains(key)) {
                String[] k = key.split("\\|");
                try {
                    firewall.dissociateSubnet(k[0], fabric.api.network.Ipv4Prefix.parse(k[1]));
                } catch (FabricException e) {
                    LOG.log(Level.FINE, "subnet " + key + " had no group: " + e.getMessage());
                }
                ownedSubnets.remove(key);
            }
        }
        for (String b : Set.copyOf(ownedBalancers)) {
            if (!balancers.contains(b)) {
                try {
                    loadBalancers.delete(b);
                } catch (FabricException e) {
                    LOG.log(Level.FINE, "load balancer " + b + " was gone: " + e.getMessage());
                }
                ownedBalancers.remove(b);
            }
        }
        for (String g : Set.copyOf(ownedGroups)) {
            if (!groups.contains(g)) {
                try {
                    firewall.delete(g);
                    ownedGroups.remove(g);
                } catch (FabricException e) {
                    LOG.log(Level.FINE, "group " + g + " stays: " + e.getMessage());
                }
            }
        }
        for (String v : Set.copyOf(ownedVnets)) {
            if (!vnets.contains(v)) {
                try {
                    networks.delete(v);
                    ownedVnets.remove(v);
                } catch (FabricException e) {
                    LOG.log(Level.FINE, "virtual network " + v + " stays: " + e.getMessage());
                }
            }
        }
    }

    /**
     * Plugs a guest into an agent-made port (see {@link fabric.api.network.controller.NetworkController#plug}).
     *
     * @param port the network interface's port name
     * @param vnic the guest
     * @return the port
     */
    synchronized VPort plug(String port, FrameSink vnic) {
        NicResponder r = responders.get(port);
        if (r == null || r.port() == null || !r.port().isAttached()) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "network interface " + port
                    + " has no attached port (its node is down or its policy is not applied yet)");
        }
        plugged.put(port, Objects.requireNonNull(vnic, "vnic"));
        r.plug(vnic);
        return r.port();
    }

    /** @return false when nothing was plugged into the port */
    synchronized boolean unplug(String port) {
        NicResponder r = responders.get(port);
        if (r != null) {
            r.plug(null);
        }
        return plugged.remove(port) != null;
    }

    /** @return the policy a node's agent last applied, if any */
    synchronized NodePolicy applied(NodeId node) {
        return appliedPolicies.get(node);
    }
}
