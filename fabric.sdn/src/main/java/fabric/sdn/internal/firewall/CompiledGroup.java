package fabric.sdn.internal.firewall;

import fabric.api.network.Access;
import fabric.api.network.AddressPrefix;
import fabric.api.network.Direction;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.PortRange;
import fabric.api.network.SecurityRule;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.wire.Packet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A network security group compiled for one virtual network: per direction, its rules and the
 * default rules in priority order, flattened to atoms (service tags expanded against the virtual
 * network), a {@link CompiledClassifier}, an exact-match {@link FlowCache} and a hit counter per
 * rule. The default DenyAll rules match everything, so every packet is decided by some rule.
 * Lookups are guarded by the owning host's lock.
 */
final class CompiledGroup {

    /** The source address of the load balancer's health probes (Azure's 168.63.129.16). */
    static final Ipv4Prefix AZURE_LOAD_BALANCER = Ipv4Prefix.parse("168.63.129.16/32");

    final NetworkSecurityGroupSpec spec;
    final VirtualNetworkSpec vnet;
    private final List<List<SecurityRule>> rules = new ArrayList<>();
    private final RuleTable[] tables = new RuleTable[2];
    private final CompiledClassifier[] classifiers = new CompiledClassifier[2];
    private final FlowCache[] caches = new FlowCache[2];
    private final long[][] hits = new long[2][];

    CompiledGroup(NetworkSecurityGroupSpec spec, VirtualNetworkSpec vnet) {
        this.spec = spec;
        this.vnet = vnet;
        for (Direction d : Direction.values()) {
            List<SecurityRule> list = ordered(spec, d);
            rules.add(list);
            RuleTable t = new RuleTable();
            for (int r = 0; r < list.size(); r++) {
                addAtoms(t, list.get(r), r);
            }
            tables[d.ordinal()] = t;
            classifiers[d.ordinal()] = new CompiledClassifier(t);
            caches[d.ordinal()] = new FlowCache(4096);
            hits[d.ordinal()] = new long[list.size()];
        }
    }

    /**
     * @param spec a group
     * @param d a direction
     * @return the group's rules of that direction and the defaults, in priority order
     */
    static List<SecurityRule> ordered(NetworkSecurityGroupSpec spec, Direction d) {
        List<SecurityRule> list = new ArrayList<>();
        for (SecurityRule r : spec.rules()) {
            if (r.direction() == d) {
                list.add(r);
            }
        }
        for (SecurityRule r : SecurityRule.defaults()) {
            if (r.direction() == d) {
                list.add(r);
            }
        }
        list.sort(Comparator.comparingInt(SecurityRule::priority));
        return list;
    }

    private void addAtoms(RuleTable t, SecurityRule r, int id) {
        int proto = r.protocol().number();
        boolean allow = r.access() == Access.ALLOW;
        for (Ipv4Prefix s : expand(r.sources())) {
            for (PortRange sp : r.sourcePorts()) {
                for (Ipv4Prefix d : expand(r.destinations())) {
                    for (PortRange dp : r.destinationPorts()) {
                        t.add(s.address().value(), s.length(), d.address().value(), d.length(), sp.from(), sp.to(),
                                dp.from(), dp.to(), proto, allow, id);
                    }
                }
            }
        }
    }

    private List<Ipv4Prefix> expand(List<AddressPrefix> prefixes) {
        List<Ipv4Prefix> out = new ArrayList<>();
        for (AddressPrefix a : prefixes) {
            if (a.prefix() != null) {
                out.add(a.prefix());
            } else {
                switch (a.tag()) {
                    case VIRTUAL_NETWORK:
                        out.addAll(vnet.addressSpace());
                        break;
                    case AZURE_LOAD_BALANCER:
                        out.add(AZURE_LOAD_BALANCER);
                        break;
                    default:
                        out.add(Ipv4Prefix.ANY);
                        break;
                }
            }
        }
        return out;
    }

    /**
     * Decides a packet, from the flow cache when the flow was seen, and counts the deciding rule's hit.
     *
     * @return the deciding rule's index in {@link #rules(Direction)}
     */
    int decide(Direction d, int src, int dst, int srcPort, int dstPort, int proto) {
        return decide(d, Packet.flowHash(src, dst, srcPort, dstPort, proto), src, dst, srcPort, dstPort, proto);
    }

    /** As above, with the 5-tuple's flow hash already computed (the parser's, for a packet). */
    int decide(Direction d, int hash, int src, int dst, int srcPort, int dstPort, int proto) {
        int di = d.ordinal();
        FlowCache cache = caches[di];
        int atom = cache.get(hash, src, dst, srcPort, dstPort, proto);
        if (atom == Integer.MIN_VALUE) {
            atom = classifiers[di].classify(src, dst, srcPort, dstPort, proto);
            cache.put(hash, src, dst, srcPort, dstPort, proto, atom);
        }
        int rule = tables[di].ruleId(atom);
        hits[di][rule]++;
        return rule;
    }

    /** Decides without the cache and without counting (for traces). */
    int peek(Direction d, int src, int dst, int srcPort, int dstPort, int proto) {
        int atom = classifiers[d.ordinal()].classify(src, dst, srcPort, dstPort, proto);
        return tables[d.ordinal()].ruleId(atom);
    }

    List<SecurityRule> rules(Direction d) {
        return rules.get(d.ordinal());
    }

    long hits(Direction d, int rule) {
        return hits[d.ordinal()][rule];
    }

    FlowCache cache(Direction d) {
        return caches[d.ordinal()];
    }
}
