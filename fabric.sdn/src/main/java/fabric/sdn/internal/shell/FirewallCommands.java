package fabric.sdn.internal.shell;

import fabric.api.core.FabricException;
import fabric.api.network.Access;
import fabric.api.network.AddressPrefix;
import fabric.api.network.Direction;
import fabric.api.network.Firewall;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.PortRange;
import fabric.api.network.Protocol;
import fabric.api.network.SecurityRule;
import fabric.api.network.ShadowedRule;
import fabric.api.network.TraceResult;
import fabric.shell.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code net:} commands of the distributed firewall: security groups, their rules and hit
 * counters, associations, and {@code net:trace}, which explains which rule decides a packet.
 * Hyphenated names come from {@link FirewallCommandAliases}.
 */
@Component(service = FirewallCommands.class)
@GogoCommand(scope = "net", function = {"nsgs", "nsg", "createNsg", "nsgRule", "deleteNsg", "associateNsg",
    "associateSubnet", "dissociateSubnet", "dissociateNsg", "trace"})
public final class FirewallCommands {

    private final Firewall firewall;

    /** @param firewall the distributed firewall */
    @Activate
    public FirewallCommands(@Reference(name = "firewall") Firewall firewall) {
        this.firewall = Objects.requireNonNull(firewall, "firewall");
    }

    /** @return every group */
    @Descriptor("lists the network security groups")
    public String nsgs() {
        Table t = new Table("GROUP", "MODE", "RULES");
        for (NetworkSecurityGroupSpec g : firewall.groups()) {
            t.row(g.name(), g.stateful() ? "stateful" : "stateless", g.rules().size());
        }
        return t.render(0);
    }

    /**
     * @param name a group
     * @return its rules, defaults included, with hit counters
     */
    @Descriptor("shows a group's rules in evaluation order (defaults included) with hit counters")
    public String nsg(@Descriptor("group name") String name) {
        NetworkSecurityGroupSpec spec = find(name);
        Map<String, Long> hits = firewall.hits(name);
        Table t = new Table("DIRECTION", "PRIORITY", "RULE", "ACCESS", "PROTOCOL", "SOURCE", "SOURCE PORTS",
                "DESTINATION", "DESTINATION PORTS", "HITS");
        for (Direction d : Direction.values()) {
            List<SecurityRule> rules = new ArrayList<>();
            for (SecurityRule r : spec.rules()) {
                if (r.direction() == d) {
                    rules.add(r);
                }
            }
            for (SecurityRule r : SecurityRule.defaults()) {
                if (r.direction() == d) {
                    rules.add(r);
                }
            }
            rules.sort((a, b) -> Integer.compare(a.priority(), b.priority()));
            for (SecurityRule r : rules) {
                t.row(d, r.priority(), r.name(), r.access(), r.protocol(), join(r.sources()), join(r.sourcePorts()),
                        join(r.destinations()), join(r.destinationPorts()), hits.getOrDefault(r.name(), 0L));
            }
        }
        return name + " (" + (spec.stateful() ? "stateful" : "stateless") + ")\n" + t.render(0);
    }

    /**
     * @param name the group
     * @return confirmation
     */
    @Descriptor("creates an empty stateful group (only the default rules)")
    public String createNsg(@Descriptor("group name") String name) {
        return createNsg(name, "stateful");
    }

    /**
     * @param name the group
     * @param mode stateful or stateless
     * @return confirmation
     */
    @Descriptor("creates an empty group, stateful or stateless")
    public String createNsg(@Descriptor("group name") String name, @Descriptor("stateful or stateless") String mode) {
        boolean stateful = switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "stateful" -> true;
            case "stateless" -> false;
            default -> throw FabricException.invalid("mode", "'" + mode + "' is not stateful or stateless");
        };
        if (firewall.groups().stream().anyMatch(g -> g.name().equals(name))) {
            throw new FabricException(fabric.api.core.ErrorCode.ALREADY_EXISTS, "security group '" + name
                    + "' already exists");
        }
        firewall.apply(NetworkCommands.arg(() -> new NetworkSecurityGroupSpec(name, List.of(), stateful)));
        return "created " + mode + " security group " + name;
    }

    /**
     * Adds or replaces a rule (by name) and recompiles the group.
     *
     * @return confirmation and any shadowed rules
     */
    @Descriptor("adds (or replaces, by name) a rule and recompiles the group; reports shadowed rules")
    public String nsgRule(@Descriptor("group name") String group, @Descriptor("rule name") String name,
            @Descriptor("priority, 100-4096") String priority, @Descriptor("inbound or outbound") String direction,
            @Descriptor("allow or deny") String access, @Descriptor("tcp, udp, icmp or any") String protocol,
            @Descriptor("sources: prefixes or tags (VirtualNetwork, AzureLoadBalancer, Internet), comma-separated, or any (the shell expands a bare *)") String sources,
            @Descriptor("source ports: ranges, comma-separated, or any") String sourcePorts,
            @Descriptor("destinations, as sources") String destinations,
            @Descriptor("destination ports, as source ports") String destinationPorts) {
        NetworkSecurityGroupSpec spec = find(group);
        SecurityRule rule = NetworkCommands.arg(() -> new SecurityRule(name, Integer.parseInt(priority.strip()),
                Direction.valueOf(direction.strip().toUpperCase(Locale.ROOT)),
                Access.valueOf(access.strip().toUpperCase(Locale.ROOT)),
                protocol.strip().equals("*") || protocol.strip().equalsIgnoreCase("any") ? Protocol.ANY : Protocol.valueOf(protocol.strip().toUpperCase(Locale.ROOT)),
                list(sources, AddressPrefix::parse), list(sourcePorts, PortRange::parse),
                list(destinations, AddressPrefix::parse), list(destinationPorts, PortRange::parse)));
        List<SecurityRule> rules = new ArrayList<>();
        for (SecurityRule r : spec.rules()) {
            if (!r.name().equals(name)) {
                rules.add(r);
            }
        }
        rules.add(rule);
        NetworkSecurityGroupSpec updated = NetworkCommands.arg(() -> new NetworkSecurityGroupSpec(group, rules,
                spec.stateful()));
        List<ShadowedRule> shadowed = firewall.apply(updated);
        StringBuilder out = new StringBuilder("rule ").append(name).append(" in ").append(group).append(" (")
                .append(rules.size()).append(" rules), compiled");
        for (ShadowedRule s : shadowed) {
            out.append("\nwarning: rule ").append(s.rule()).append(" is shadowed by ").append(s.shadowedBy())
                    .append(s.sameAccess() ? " (redundant)" : " (never decides: the other rule's access wins)");
        }
        return out.toString();
    }

    /**
     * @param name a group
     * @return confirmation
     */
    @Descriptor("deletes a group that is not associated")
    public String deleteNsg(@Descriptor("group name") String name) {
        firewall.delete(name);
        return "deleted security group " + name;
    }

    /**
     * @param group a group
     * @param port a port
     * @return confirmation
     */
    @Descriptor("associates a group with a vNIC's port")
    public String associateNsg(@Descriptor("group name") String group, @Descriptor("port name") String port) {
        firewall.associatePort(group, port);
        return "port " + port + " is filtered by " + group;
    }

    /**
     * @param group a group
     * @param vnet a network
     * @param subnet a prefix
     * @return confirmation
     */
    @Descriptor("associates a group with a subnet of a virtual network")
    public String associateSubnet(@Descriptor("group name") String group, @Descriptor("network name") String vnet,
            @Descriptor("subnet prefix") String subnet) {
        Ipv4Prefix prefix = NetworkCommands.arg(() -> Ipv4Prefix.parse(subnet));
        firewall.associateSubnet(group, vnet, prefix);
        return "subnet " + prefix + " of " + vnet + " is filtered by " + group;
    }

    /**
     * @param vnet a network
     * @param subnet a subnet with a group
     * @return confirmation
     */
    @Descriptor("removes a subnet's group")
    public String dissociateSubnet(@Descriptor("network name") String vnet, @Descriptor("subnet prefix") String subnet) {
        Ipv4Prefix prefix = NetworkCommands.arg(() -> Ipv4Prefix.parse(subnet));
        firewall.dissociateSubnet(vnet, prefix);
        return "subnet " + prefix + " of " + vnet + " has no group";
    }

    /**
     * @param port a port
     * @return confirmation
     */
    @Descriptor("removes a port's group")
    public String dissociateNsg(@Descriptor("port name") String port) {
        firewall.dissociatePort(port);
        return "port " + port + " has no group";
    }

    /**
     * @return the verdict and the rule that decided
     */
    @Descriptor("explains which rule decides a packet at a port (nothing is counted)")
    public String trace(@Descriptor("port name") String port, @Descriptor("inbound or outbound") String direction,
            @Descriptor("tcp, udp or icmp") String protocol, @Descriptor("source ADDRESS:PORT") String source,
            @Descriptor("destination ADDRESS:PORT") String destination) {
        Direction d = NetworkCommands.arg(() -> Direction.valueOf(direction.strip().toUpperCase(Locale.ROOT)));
        Protocol p = NetworkCommands.arg(() -> Protocol.valueOf(protocol.strip().toUpperCase(Locale.ROOT)));
        Ipv4Address src = NetworkCommands.arg(() -> Ipv4Address.parse(host(source)));
        Ipv4Address dst = NetworkCommands.arg(() -> Ipv4Address.parse(host(destination)));
        int sp = NetworkCommands.arg(() -> port(source));
        int dp = NetworkCommands.arg(() -> port(destination));
        TraceResult r = firewall.trace(port, d, p, src, sp, dst, dp);
        return String.join("\n", r.steps()) + "\nverdict: " + r.access() + " (decided by " + r.decidedBy() + ")";
    }

    private static String host(String endpoint) {
        int colon = endpoint.indexOf(':');
        return colon < 0 ? endpoint : endpoint.substring(0, colon);
    }

    private static int port(String endpoint) {
        int colon = endpoint.indexOf(':');
        return colon < 0 ? 0 : Integer.parseInt(endpoint.substring(colon + 1).strip());
    }

    private NetworkSecurityGroupSpec find(String name) {
        for (NetworkSecurityGroupSpec g : firewall.groups()) {
            if (g.name().equals(name)) {
                return g;
            }
        }
        throw FabricException.notFound("security group", name);
    }

    private static <T> List<T> list(String text, Function<String, T> parse) {
        List<T> out = new ArrayList<>();
        for (String part : text.split(",")) {
            out.add(parse.apply(part));
        }
        return out;
    }

    private static String join(List<?> items) {
        StringBuilder sb = new StringBuilder();
        for (Object o : items) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(o);
        }
        return sb.toString();
    }
}
