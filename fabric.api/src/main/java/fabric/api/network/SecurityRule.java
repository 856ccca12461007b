package fabric.api.network;

import fabric.api.core.Names;
import java.util.List;
import java.util.Objects;

/**
 * One rule of a network security group. Within a direction the rule with the lowest priority
 * number that matches a packet decides.
 *
 * @param name the rule's name, unique in its group
 * @param priority 100-4096 for a group's own rules; 65000-65500 for the fabric's default rules
 * @param direction which traffic it applies to
 * @param access allow or deny
 * @param protocol the protocol it matches
 * @param sources source address prefixes (any of them), at least one
 * @param sourcePorts source port ranges (any of them), at least one
 * @param destinations destination address prefixes, at least one
 * @param destinationPorts destination port ranges, at least one
 */
public record SecurityRule(String name, int priority, Direction direction, Access access, Protocol protocol,
        List<AddressPrefix> sources, List<PortRange> sourcePorts, List<AddressPrefix> destinations,
        List<PortRange> destinationPorts) {

    /** The lowest priority number a group's own rule may have. */
    public static final int MIN_PRIORITY = 100;
    /** The highest priority number a group's own rule may have. */
    public static final int MAX_PRIORITY = 4096;

    /** Validates every part. */
    public SecurityRule {
        Names.require("rule.name", name.toLowerCase(java.util.Locale.ROOT));
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(protocol, "protocol");
        sources = List.copyOf(sources);
        sourcePorts = List.copyOf(sourcePorts);
        destinations = List.copyOf(destinations);
        destinationPorts = List.copyOf(destinationPorts);
        boolean user = priority >= MIN_PRIORITY && priority <= MAX_PRIORITY;
        boolean fabricDefault = priority >= 65000 && priority <= 65500;
        if (!user && !fabricDefault) {
            throw new IllegalArgumentException("rule " + name + ": priority " + priority + " is not " + MIN_PRIORITY
                    + "-" + MAX_PRIORITY);
        }
        if (sources.isEmpty() || sourcePorts.isEmpty() || destinations.isEmpty() || destinationPorts.isEmpty()) {
            throw new IllegalArgumentException("rule " + name + ": sources, destinations and their ports must not be empty");
        }
    }

    /** @return true for one of the fabric's default rules (priority 65000 and above) */
    public boolean isDefault() {
        return priority >= 65000;
    }

    /**
     * The default rules every group ends with, as Azure defines them.
     *
     * @return AllowVnetInBound, AllowAzureLoadBalancerInBound, DenyAllInBound, AllowVnetOutBound,
     *         AllowInternetOutBound, DenyAllOutBound
     */
    public static List<SecurityRule> defaults() {
        AddressPrefix vnet = new AddressPrefix(null, ServiceTag.VIRTUAL_NETWORK);
        AddressPrefix lb = new AddressPrefix(null, ServiceTag.AZURE_LOAD_BALANCER);
        AddressPrefix internet = new AddressPrefix(null, ServiceTag.INTERNET);
        List<PortRange> any = List.of(PortRange.ANY);
        List<AddressPrefix> all = List.of(AddressPrefix.ANY);
        return List.of(
                new SecurityRule("AllowVnetInBound", 65000, Direction.INBOUND, Access.ALLOW, Protocol.ANY,
                        List.of(vnet), any, List.of(vnet), any),
                new SecurityRule("AllowAzureLoadBalancerInBound", 65001, Direction.INBOUND, Access.ALLOW,
                        Protocol.ANY, List.of(lb), any, all, any),
                new SecurityRule("DenyAllInBound", 65500, Direction.INBOUND, Access.DENY, Protocol.ANY, all, any, all,
                        any),
                new SecurityRule("AllowVnetOutBound", 65000, Direction.OUTBOUND, Access.ALLOW, Protocol.ANY,
                        List.of(vnet), any, List.of(vnet), any),
                new SecurityRule("AllowInternetOutBound", 65001, Direction.OUTBOUND, Access.ALLOW, Protocol.ANY, all,
                        any, List.of(internet), any),
                new SecurityRule("DenyAllOutBound", 65500, Direction.OUTBOUND, Access.DENY, Protocol.ANY, all, any,
                        all, any));
    }
}
