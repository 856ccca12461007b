package fabric.sdn.controller.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.controller.NetworkResource;
import fabric.api.network.controller.NetworkResourceChanged;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A controller core over fake node agents and an in-memory journal, with helpers to write ARM bodies. */
final class Fixture {

    /** Node agents that record what they applied and can be unreachable. */
    static final class Agents implements Southbound {
        final Map<NodeId, NodePolicy> applied = new ConcurrentHashMap<>();
        final Set<NodeId> unreachable = ConcurrentHashMap.newKeySet();
        int calls;

        @Override
        public synchronized long apply(NodePolicy policy) {
            calls++;
            if (unreachable.contains(policy.node())) {
                throw new FabricException(ErrorCode.UNAVAILABLE, "node " + policy.node() + " is unreachable");
            }
            applied.put(policy.node(), policy);
            return policy.version();
        }
    }

    final List<NodeId> nodes = new ArrayList<>();
    final Agents agents = new Agents();
    final List<NetworkResourceChanged> journal = new ArrayList<>();
    final ControllerCore core;

    Fixture(int nodeCount) {
        Map<NodeId, Ipv4Address> pas = new LinkedHashMap<>();
        for (int i = 1; i <= nodeCount; i++) {
            NodeId n = NodeId.of("node-" + i);
            nodes.add(n);
            pas.put(n, new Ipv4Address(0xC0A8_0000 | i));
        }
        core = new ControllerCore(new PolicyCompiler(nodes, pas), agents, journal::add,
                Ipv4Prefix.parse("203.0.113.0/24"), 100000);
    }

    /** @return a second core replaying this one's journal */
    ControllerCore replayed() {
        Fixture other = new Fixture(nodes.size());
        journal.forEach(other.core::replay);
        return other.core;
    }

    static ResourceId id(ResourceType type, String name) {
        return new ResourceId("sub-1", "rg-1", type, name);
    }

    NetworkResource put(ResourceType type, String name, String json) {
        return core.put(id(type, name), json.replace('\'', '"'), null, null);
    }

    static String vnet(String... prefixesThenSubnets) {
        return "{'properties':{'addressSpace':{'addressPrefixes':['" + prefixesThenSubnets[0] + "']},'subnets':["
                + "{'name':'default','properties':{'addressPrefix':'" + prefixesThenSubnets[1] + "'}}]}}";
    }

    static String subnetId(String vnet) {
        return id(ResourceType.VIRTUAL_NETWORK, vnet).path() + "/subnets/default";
    }

    static String nic(String node, String vnet, String ip, String nsg) {
        return "{'properties':{'node':'" + node + "'"
                + (nsg == null ? "" : ",'networkSecurityGroup':{'id':'" + id(ResourceType.NETWORK_SECURITY_GROUP, nsg).path() + "'}")
                + ",'ipConfigurations':[{'name':'ipconfig1','properties':{'subnet':{'id':'" + subnetId(vnet) + "'}"
                + (ip == null ? "" : ",'privateIPAddress':'" + ip + "','privateIPAllocationMethod':'Static'") + "}}]}}";
    }

    static String rule(String name, int priority, String direction, String access, String protocol, String source) {
        return "{'name':'" + name + "','properties':{'priority':" + priority + ",'direction':'" + direction
                + "','access':'" + access + "','protocol':'" + protocol + "','sourceAddressPrefix':'" + source
                + "','sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'*'}}";
    }

    static String nsg(String... rules) {
        return "{'properties':{'securityRules':[" + String.join(",", rules) + "]}}";
    }

    Set<NodeId> upNodes() {
        Set<NodeId> up = new HashSet<>(nodes);
        core.status().stream().filter(s -> !s.up()).forEach(s -> up.remove(s.node()));
        return up;
    }
}
