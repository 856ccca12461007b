package fabric.sdn.controller.internal;

import fabric.api.core.NodeId;
import fabric.api.network.AddressMapping;
import fabric.api.network.Encapsulation;
import fabric.api.network.HealthProbe;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.LoadBalancingRule;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.api.network.controller.ResourceId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compiles the desired state into one node's policy, and says which nodes a change touches, so one
 * NSG rule change recomputes only the nodes whose ports carry that group.
 */
final class PolicyCompiler {

    /** The public network by default: the public address pool and the outside clients' TEST-NET-2. */
    static final VirtualNetworkSpec DEFAULT_PUBLIC = new VirtualNetworkSpec("internet", 99999,
            List.of(Ipv4Prefix.parse("203.0.113.0/24"), Ipv4Prefix.parse("198.51.100.0/24")), Encapsulation.VXLAN);

    private final List<NodeId> nodes;
    private final Map<NodeId, Ipv4Address> providerAddresses;
    private final VirtualNetworkSpec publicNetwork;

    /**
     * @param nodes every node, in topology order (mux ownership is spread over them)
     * @param providerAddresses each node's provider address
     */
    PolicyCompiler(List<NodeId> nodes, Map<NodeId, Ipv4Address> providerAddresses) {
        this(nodes, providerAddresses, DEFAULT_PUBLIC);
    }

    /**
     * @param nodes every node, in topology order (mux ownership is spread over them)
     * @param providerAddresses each node's provider address
     * @param publicNetwork the data plane's network of public IP addresses (frontends) and outside clients
     */
    PolicyCompiler(List<NodeId> nodes, Map<NodeId, Ipv4Address> providerAddresses, VirtualNetworkSpec publicNetwork) {
        this.nodes = List.copyOf(nodes);
        this.providerAddresses = Map.copyOf(providerAddresses);
        this.publicNetwork = publicNetwork;
    }

    List<NodeId> nodes() {
        return nodes;
    }

    /** @return the node whose mux owns a VIP: spread by address over the nodes */
    NodeId muxOwner(Ipv4Address vip) {
        return nodes.get(Math.floorMod(Integer.rotateLeft(vip.value() * 0x9E3779B9, 7), nodes.size()));
    }

    /**
     * @param state the desired state
     * @param node a node
     * @param version the version to stamp
     * @return the node's policy
     */
    NodePolicy compile(State state, NodeId node, long version) {
        TreeMap<String, VirtualNetworkSpec> vnets = new TreeMap<>();
        TreeMap<String, NetworkSecurityGroupSpec> groups = new TreeMap<>();
        List<NodePolicy.Port> ports = new ArrayList<>();
        Set<ResourceId> vnetIds = new LinkedHashSet<>();
        Set<ResourceId> lbIds = new LinkedHashSet<>();
        for (ResourceId nicId : state.nicsOnNode(node)) {
            Model.Nic nic = state.get(nicId, Model.Nic.class);
            Model.Vnet vnet = state.get(nic.vnet(), Model.Vnet.class);
            vnets.put(vnet.id().name(), new VirtualNetworkSpec(vnet.id().name(), vnet.vni(), vnet.prefixes(),
                    vnet.encapsulation()));
            vnetIds.add(vnet.id());
            String group = null;
            if (nic.nsg() != null) {
                Model.Nsg nsg = state.get(nic.nsg(), Model.Nsg.class);
                groups.put(nsg.spec().name(), nsg.spec());
                group = nsg.spec().name();
            }
            ports.add(new NodePolicy.Port(nicId.name(), vnet.id().name(), nic.mac(), nic.ip(), group));
            nic.pools().forEach(p -> lbIds.add(State.lbOf(p)));
        }
        List<NodePolicy.SubnetGroup> subnetGroups = new ArrayList<>();
        for (ResourceId vnetId : vnetIds) {
            Model.Vnet vnet = state.get(vnetId, Model.Vnet.class);
            for (Model.Subnet s : vnet.subnets()) {
                Model.Nsg nsg = s.nsg() == null ? null : state.get(s.nsg(), Model.Nsg.class);
                if (nsg != null) {
                    groups.put(nsg.spec().name(), nsg.spec());
                    subnetGroups.add(new NodePolicy.SubnetGroup(vnetId.name(), s.prefix(), nsg.spec().name()));
                }
            }
        }
        List<AddressMapping> mappings = new ArrayList<>();
        for (ResourceId vnetId : vnetIds) {
            for (ResourceId nicId : state.nicsInVnet(vnetId)) {
                Model.Nic nic = state.get(nicId, Model.Nic.class);
                Ipv4Address pa = providerAddresses.get(nic.node());
                if (pa != null) {
                    mappings.add(new AddressMapping(vnetId.name(), nic.ip(), nic.mac(), pa));
                }
            }
        }
        mappings.sort(Comparator.comparing(AddressMapping::virtualNetwork)
                .thenComparingLong(m -> m.customerAddress().value() & 0xFFFF_FFFFL));
        List<Ipv4Address> vips = new ArrayList<>();
        List<LoadBalancerSpec> balancers = new ArrayList<>();
        for (Model.Lb lb : state.all(Model.Lb.class)) {
            for (Model.Frontend f : lb.frontends()) {
                Model.Pip pip = state.get(f.publicIp(), Model.Pip.class);
                if (pip != null && muxOwner(pip.address()).equals(node)) {
                    vips.add(pip.address());
                    for (LoadBalancerSpec spec : loadBalancers(state, lb, f, pip)) {
                        balancers.add(spec);
                        vnets.put(publicNetwork.name(), publicNetwork);
                        Model.Vnet backend = state.all(Model.Vnet.class).stream()
                                .filter(v -> v.id().name().equals(spec.backendNetwork())).findFirst().orElseThrow();
                        vnets.putIfAbsent(backend.id().name(), new VirtualNetworkSpec(backend.id().name(), backend.vni(),
                                backend.prefixes(), backend.encapsulation()));
                    }
                }
            }
        }
        balancers.sort(Comparator.comparing(LoadBalancerSpec::name));
        vips.sort(Comparator.comparingLong(a -> a.value() & 0xFFFF_FFFFL));
        List<NodePolicy.Nat> nat = new ArrayList<>();
        for (ResourceId lbId : lbIds) {
            Model.Lb lb = state.get(lbId, Model.Lb.class);
            for (Model.Rule rule : lb.rules()) {
                Model.Pip pip = state.get(lb.frontend(rule.frontend()).publicIp(), Model.Pip.class);
                String pool = lbId.path() + "/backendAddressPools/" + rule.pool();
                for (ResourceId nicId : state.nicsOnNode(node)) {
                    Model.Nic nic = state.get(nicId, Model.Nic.class);
                    if (nic.pools().contains(pool)) {
                        nat.add(new NodePolicy.Nat(pip.address(), rule.protocol(), rule.frontendPort(), nicId.name(),
                                nic.ip(), rule.backendPort()));
                    }
                }
            }
        }
        return new NodePolicy(node, version, List.copyOf(vnets.values()), List.copyOf(groups.values()), ports,
                mappings, vips, nat, subnetGroups, balancers);
    }

    /**
     * The data plane's load balancers of one frontend: one per backend pool its rules or outbound
     * rules use (and per virtual network of the pool's NICs), named {@code lb-frontend-pool}.
     */
    private List<LoadBalancerSpec> loadBalancers(State state, Model.Lb lb, Model.Frontend f, Model.Pip pip) {
        TreeMap<String, List<Model.Rule>> rulesByPool = new TreeMap<>();
        TreeMap<String, Model.Outbound> outboundByPool = new TreeMap<>();
        for (Model.Rule r : lb.rules()) {
            if (r.frontend().equals(f.name())) {
                rulesByPool.computeIfAbsent(r.pool(), k -> new ArrayList<>()).add(r);
            }
        }
        for (Model.Outbound o : lb.outbound()) {
            if (o.frontend().equals(f.name())) {
                outboundByPool.put(o.pool(), o);
                rulesByPool.computeIfAbsent(o.pool(), k -> new ArrayList<>());
            }
        }
        List<LoadBalancerSpec> out = new ArrayList<>();
        for (Map.Entry<String, List<Model.Rule>> e : rulesByPool.entrySet()) {
            String pool = lb.id().path() + "/backendAddressPools/" + e.getKey();
            TreeMap<String, List<String>> byVnet = new TreeMap<>();
            for (ResourceId nicId : state.nicsInLb(lb.id())) {
                Model.Nic nic = state.get(nicId, Model.Nic.class);
                if (nic.pools().contains(pool)) {
                    byVnet.computeIfAbsent(nic.vnet().name(), k -> new ArrayList<>()).add(nicId.name());
                }
            }
            for (Map.Entry<String, List<String>> v : byVnet.entrySet()) {
                List<LoadBalancingRule> rules = new ArrayList<>();
                TreeMap<String, HealthProbe> probes = new TreeMap<>();
                for (Model.Rule r : e.getValue()) {
                    rules.add(new LoadBalancingRule(r.name(), r.protocol(), r.frontendPort(), r.backendPort(), r.probe()));
                    if (r.probe() != null) {
                        for (Model.Probe p : lb.probes()) {
                            if (p.name().equals(r.probe())) {
                                probes.put(p.name(), new HealthProbe(p.name(), p.protocol(), p.port(), p.path()));
                            }
                        }
                    }
                }
                List<String> backends = v.getValue();
                int outboundPorts = outboundByPool.containsKey(e.getKey()) ? Math.min(1024, 64512 / backends.size()) : 0;
                if (rules.isEmpty() && outboundPorts == 0) {
                    continue;
                }
                String name = lb.id().name() + "-" + f.name() + "-" + e.getKey() + (byVnet.size() > 1 ? "-" + v.getKey() : "");
                if (name.length() > 63) {
                    name = name.substring(0, 54) + "-" + String.format("%08x", name.hashCode());
                }
                out.add(new LoadBalancerSpec(name, publicNetwork.name(), pip.address(), v.getKey(), backends, rules,
                        List.copyOf(probes.values()), outboundPorts));
            }
        }
        return out;
    }

    /**
     * @param state the desired state after the change (indexes already updated)
     * @param before the resource before the change, or {@code null}
     * @param after the resource after the change, or {@code null}
     * @return the nodes whose policy may differ
     */
    Set<NodeId> affected(State state, Model.Resource before, Model.Resource after) {
        Set<NodeId> out = new HashSet<>();
        for (Model.Resource r : new Model.Resource[] {before, after}) {
            if (r instanceof Model.Vnet v) {
                nodesOf(state, state.nicsInVnet(v.id()), out);
                for (Model.Lb lb : state.all(Model.Lb.class)) {
                    muxOwners(state, lb, out);
                }
            } else if (r instanceof Model.Nsg g) {
                nodesOf(state, state.nicsWithNsg(g.id()), out);
                subnetGroupNodes(state, g.id(), out);
            } else if (r instanceof Model.Nic n) {
                out.add(n.node());
                nodesOf(state, state.nicsInVnet(n.vnet()), out);
                for (String pool : n.pools()) {
                    Model.Lb lb = state.get(State.lbOf(pool), Model.Lb.class);
                    if (lb != null) {
                        muxOwners(state, lb, out);
                    }
                }
            } else if (r instanceof Model.Lb lb) {
                lbNodes(state, lb, out);
            } else if (r instanceof Model.Pip pip) {
                out.add(muxOwner(pip.address()));
                for (Model.Lb lb : state.all(Model.Lb.class)) {
                    if (lb.frontends().stream().anyMatch(f -> f.publicIp().equals(pip.id()))) {
                        lbNodes(state, lb, out);
                    }
                }
            }
        }
        return out;
    }

    /** Adds the nodes with vNICs in a virtual network one of whose subnets has the group. */
    void subnetGroupNodes(State state, ResourceId nsg, Set<NodeId> out) {
        for (ResourceId vnet : state.vnetsWithSubnetNsg(nsg)) {
            nodesOf(state, state.nicsInVnet(vnet), out);
        }
    }

    private void lbNodes(State state, Model.Lb lb, Set<NodeId> out) {
        nodesOf(state, state.nicsInLb(lb.id()), out);
        muxOwners(state, lb, out);
    }

    private void muxOwners(State state, Model.Lb lb, Set<NodeId> out) {
        for (Model.Frontend f : lb.frontends()) {
            Model.Pip pip = state.get(f.publicIp(), Model.Pip.class);
            if (pip != null) {
                out.add(muxOwner(pip.address()));
            }
        }
    }

    private static void nodesOf(State state, Set<ResourceId> nics, Set<NodeId> out) {
        for (ResourceId id : nics) {
            out.add(state.get(id, Model.Nic.class).node());
        }
    }
}
