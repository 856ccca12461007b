package fabric.api.network;

import fabric.api.core.Names;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A network security group: rules that filter the traffic of the vNICs or subnets it is associated
 * with. The fabric appends the {@link SecurityRule#defaults() default rules}.
 *
 * @param name the group's name, unique in the fabric
 * @param rules its own rules, priorities 100-4096, unique per direction, names unique
 * @param stateful true (the default, as the Datacenter Firewall): return traffic of an allowed flow
 *        is allowed until the flow's state ages out; false: every packet is judged by the rules alone
 */
public record NetworkSecurityGroupSpec(String name, List<SecurityRule> rules, boolean stateful) {

    /** Validates every part. */
    public NetworkSecurityGroupSpec {
        Names.require("nsg.name", name);
        rules = List.copyOf(rules);
        Set<String> names = new HashSet<>();
        Set<String> priorities = new HashSet<>();
        for (SecurityRule r : rules) {
            if (r.isDefault()) {
                throw new IllegalArgumentException("nsg " + name + ": rule " + r.name() + " has priority "
                        + r.priority() + "; a group's own rules use " + SecurityRule.MIN_PRIORITY + "-"
                        + SecurityRule.MAX_PRIORITY);
            }
            if (!names.add(r.name().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("nsg " + name + ": two rules are named " + r.name());
            }
            if (!priorities.add(r.direction() + "/" + r.priority())) {
                throw new IllegalArgumentException("nsg " + name + ": two " + r.direction() + " rules have priority "
                        + r.priority());
            }
        }
    }
}
