package fabric.sdn.controller.internal;

import fabric.api.core.NodeId;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A region-sized desired state for benchmarks (public for {@code fabric.bench} only; the package is not
 * exported): nodes, virtual networks, vNICs spread over the nodes, and groups whose rules add up to
 * the requested count. {@link #changeOneRule()} rewrites one rule of one group and lets the controller
 * recompute and push, incrementally or, with {@code incremental=false}, everything.
 */
public final class PolicyWorkload {

    private static final String SUB = "bench";
    private final ControllerCore core;
    private final int rulesPerGroup;
    private long pushes;
    private int flip;

    /**
     * @param nodes how many nodes
     * @param nics how many vNICs, spread round-robin over the nodes and over virtual networks of 100
     * @param groups how many security groups (each vNIC gets one, round-robin)
     * @param rules total rules over all groups
     * @param incremental whether writes recompute only the nodes they touch
     */
    public PolicyWorkload(int nodes, int nics, int groups, int rules, boolean incremental) {
        List<NodeId> ids = new ArrayList<>();
        Map<NodeId, Ipv4Address> pas = new LinkedHashMap<>();
        for (int i = 0; i < nodes; i++) {
            NodeId n = NodeId.of("node-" + (i + 1));
            ids.add(n);
            pas.put(n, new Ipv4Address(0xC0A8_0000 | (i + 1)));
        }
        Southbound agents = policy -> {
            pushes++;
            return policy.version();
        };
        this.core = new ControllerCore(new PolicyCompiler(ids, pas), agents, e -> { }, Ipv4Prefix.parse("203.0.113.0/24"),
                100000);
        this.rulesPerGroup = rules / groups;
        int vnets = (nics + 99) / 100;
        for (int v = 0; v < vnets; v++) {
            put(ResourceType.VIRTUAL_NETWORK, "v" + v, "{'properties':{'addressSpace':{'addressPrefixes':['10." + v
                    + ".0.0/16']},'subnets':[{'name':'default','properties':{'addressPrefix':'10." + v + ".0.0/22'}}]}}");
        }
        for (int g = 0; g < groups; g++) {
            put(ResourceType.NETWORK_SECURITY_GROUP, "g" + g, group(0));
        }
        for (int i = 0; i < nics; i++) {
            String vnet = id(ResourceType.VIRTUAL_NETWORK, "v" + (i / 100)).path();
            put(ResourceType.NETWORK_INTERFACE, "nic-" + i, "{'properties':{'node':'node-" + (i % nodes + 1)
                    + "','networkSecurityGroup':{'id':'" + id(ResourceType.NETWORK_SECURITY_GROUP, "g" + (i % groups)).path()
                    + "'},'ipConfigurations':[{'name':'ip','properties':{'subnet':{'id':'" + vnet + "/subnets/default'}}}]}}");
        }
        core.incremental(incremental);
    }

    private String group(int variant) {
        StringBuilder sb = new StringBuilder("{'properties':{'securityRules':[");
        for (int r = 0; r < rulesPerGroup; r++) {
            sb.append(r == 0 ? "" : ",").append("{'name':'r").append(r).append("','properties':{'priority':")
                    .append(100 + r).append(",'direction':'Inbound','access':'")
                    .append(r == 0 && variant == 1 ? "Deny" : "Allow")
                    .append("','protocol':'Tcp','sourceAddressPrefix':'10.").append(r % 250).append(".0.0/16'")
                    .append(",'sourcePortRange':'*','destinationAddressPrefix':'*','destinationPortRange':'")
                    .append(1000 + r).append("'}}");
        }
        return sb.append("]}}").toString();
    }

    private static ResourceId id(ResourceType type, String name) {
        return new ResourceId(SUB, "rg", type, name);
    }

    private void put(ResourceType type, String name, String json) {
        core.put(id(type, name), json.replace('\'', '"'), null, null);
    }

    /** The two bodies of group g0 that {@link #changeOneRule()} alternates between. */
    private String[] bodies;

    /**
     * Flips the access of one rule of group g0 and lets the controller recompute and push.
     *
     * @return the node pushes so far
     */
    public long changeOneRule() {
        if (bodies == null) {
            bodies = new String[] {group(0).replace('\'', '"'), group(1).replace('\'', '"')};
        }
        flip ^= 1;
        core.put(id(ResourceType.NETWORK_SECURITY_GROUP, "g0"), bodies[flip], null, null);
        return pushes;
    }

    private Model.Nsg[] parsed;

    /**
     * Flips the access of one rule of group g0 as an already parsed group: only the recompute and push
     * (no JSON, no journal, no response).
     *
     * @return the node pushes so far
     */
    public long changeOneRuleParsed() {
        if (parsed == null) {
            ResourceId g0 = id(ResourceType.NETWORK_SECURITY_GROUP, "g0");
            changeOneRule();
            Model.Nsg a = core.state(g0);
            changeOneRule();
            parsed = new Model.Nsg[] {core.state(g0), a};
        }
        flip ^= 1;
        core.writeParsedGroup(parsed[flip]);
        return pushes;
    }

    /** @return node policies computed so far */
    public long recomputed() {
        return core.recomputed();
    }
}
