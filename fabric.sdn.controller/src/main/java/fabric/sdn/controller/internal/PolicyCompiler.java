package fabric.sdn.controller.internal;

import fabric.api.core.NodeId;
import fabric.api.network.AddressMapping;
import fabric.api.network.Ipv4Address;
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

    private final List<NodeId> nodes;
    private final Map<NodeId, Ipv4Address> providerAddresses;

    /**
     * @param nodes every node, in topology order (mux ownership is spread over them)
     * @param providerAddresses each node's provider address
     */
    PolicyCompiler(List<NodeId> nodes, Map<NodeId, Ipv4Address> providerAddresses) {
        this.nodes = List.copyOf(nodes);
        this.providerAddresses = Map.copyOf(providerAddresses);
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
        for (Model.Lb lb : state.all(Model.Lb.class)) {
            for (Model.Frontend f : lb.frontends()) {
                Model.Pip pip = state.get(f.publicIp(), Model.Pip.class);
                if (pip != null && muxOwner(pip.address()).equals(node)) {
                    vips.add(pip.address());
                }
            }
        }
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
                mappings, vips, nat);
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
            } else if (r instanceof Model.Nsg g) {
                nodesOf(state, state.nicsWithNsg(g.id()), out);
            } else if (r instanceof Model.Nic n) {
                out.add(n.node());
                nodesOf(state, state.nicsInVnet(n.vnet()), out);
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

    private void lbNodes(State state, Model.Lb lb, Set<NodeId> out) {
        nodesOf(state, state.nicsInLb(lb.id()), out);
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
