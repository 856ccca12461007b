package fabric.sdn.internal.firewall;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.network.Access;
import fabric.api.network.Direction;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.Protocol;
import fabric.api.network.SecurityRule;
import fabric.api.network.ShadowedRule;
import fabric.api.network.TraceResult;
import fabric.api.network.VirtualNetworkSpec;
import fabric.api.network.Firewall;
import fabric.sdn.internal.overlay.HostAgent;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.overlay.PortFilter;
import fabric.sdn.internal.overlay.PortImpl;
import fabric.sdn.internal.wire.Packet;
import fabric.sdn.internal.wire.Wire;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The distributed firewall on every host of an {@link OverlayFabric}: network security groups on
 * vNICs and subnets, compiled per virtual network, evaluated in each host's data path as its
 * {@link PortFilter}. Inbound: the subnet's group, then the vNIC's; outbound: the vNIC's, then the
 * subnet's; every group present must allow. When every group on a port is stateful, an allowed
 * flow is remembered in the port's {@link ConnectionTable} and its packets in both directions pass
 * without the rules until it has been idle longer than the timeout (on the injected clock).
 *
 * <p>Control operations are synchronized and bump a generation; a port's compiled state is
 * re-resolved on its next packet after a change (established flows keep their state).
 */
public final class DistributedFirewall implements Firewall, PortFilter {

    /** Idle time after which a TCP flow's state is forgotten (Azure's default idle timeout, 4 minutes). */
    public static final long TCP_IDLE_NANOS = 240_000_000_000L;
    /** Idle time after which a UDP or ICMP flow's state is forgotten. */
    public static final long OTHER_IDLE_NANOS = 60_000_000_000L;

    private final OverlayFabric overlay;
    private final LongSupplier nanoClock;
    private final Map<String, NetworkSecurityGroupSpec> groups = new TreeMap<>();
    private final Map<String, Map<Integer, CompiledGroup>> compiled = new HashMap<>();
    private final Map<String, String> portGroups = new HashMap<>();
    private final Map<String, Map<Ipv4Prefix, String>> subnetGroups = new HashMap<>();
    private volatile long generation = 1;

    /** A port's resolved groups and flow state. */
    private static final class PortState {
        long generation;
        CompiledGroup nic;
        CompiledGroup subnet;
        Ipv4Prefix subnetPrefix;
        boolean stateful;
        final ConnectionTable connections = new ConnectionTable(1024, TCP_IDLE_NANOS, OTHER_IDLE_NANOS);
    }

    /**
     * Installs the firewall as the filter of every host.
     *
     * @param overlay the overlay whose ports it filters
     * @param nanoClock the clock flow state ages on, in nanoseconds
     */
    public DistributedFirewall(OverlayFabric overlay, LongSupplier nanoClock) {
        this.overlay = overlay;
        this.nanoClock = nanoClock;
        for (HostAgent h : overlay.hosts()) {
            h.setFilter(this);
        }
    }

    // ---- control plane -------------------------------------------------------------------------

    @Override
    public synchronized List<ShadowedRule> apply(NetworkSecurityGroupSpec spec) {
        List<ShadowedRule> shadowed = Shadowing.find(spec);
        Map<Integer, CompiledGroup> old = compiled.get(spec.name());
        Map<Integer, CompiledGroup> fresh = new HashMap<>();
        if (old != null) {
            for (CompiledGroup g : old.values()) {
                fresh.put(g.vnet.vni(), new CompiledGroup(spec, g.vnet));
            }
        }
        groups.put(spec.name(), spec);
        compiled.put(spec.name(), fresh);
        generation++;
        return shadowed;
    }

    @Override
    public synchronized void delete(String name) {
        group(name);
        if (portGroups.containsValue(name) || subnetUses(name)) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "security group '" + name + "' is still associated");
        }
        groups.remove(name);
        compiled.remove(name);
        generation++;
    }

    private boolean subnetUses(String name) {
        for (Map<Ipv4Prefix, String> m : subnetGroups.values()) {
            if (m.containsValue(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized List<NetworkSecurityGroupSpec> groups() {
        return List.copyOf(groups.values());
    }

    // Lock order: overlay, then host, then firewall. The overlay is asked before this lock is taken.

    @Override
    public void associatePort(String group, String port) {
        overlay.portImpl(port);
        synchronized (this) {
            group(group);
            portGroups.put(port, group);
            generation++;
        }
    }

    @Override
    public void associateSubnet(String group, String virtualNetwork, Ipv4Prefix subnet) {
        VirtualNetworkSpec v = vnet(virtualNetwork);
        synchronized (this) {
            associate(group, v, subnet);
        }
    }

    private void associate(String group, VirtualNetworkSpec v, Ipv4Prefix subnet) {
        String virtualNetwork = v.name();
        group(group);
        boolean inside = false;
        for (Ipv4Prefix p : v.addressSpace()) {
            inside |= p.covers(subnet);
        }
        if (!inside) {
            throw FabricException.invalid("subnet", subnet + " is outside the address space of '" + virtualNetwork + "'");
        }
        subnetGroups.computeIfAbsent(virtualNetwork, k -> new HashMap<>()).put(subnet, group);
        generation++;
    }

    @Override
    public synchronized void dissociateSubnet(String virtualNetwork, Ipv4Prefix subnet) {
        Map<Ipv4Prefix, String> m = subnetGroups.get(virtualNetwork);
        if (m == null || m.remove(subnet) == null) {
            throw new FabricException(ErrorCode.NOT_FOUND, "subnet " + subnet + " of '" + virtualNetwork
                    + "' has no security group");
        }
        if (m.isEmpty()) {
            subnetGroups.remove(virtualNetwork);
        }
        generation++;
    }

    @Override
    public synchronized void dissociatePort(String port) {
        if (portGroups.remove(port) == null) {
            throw new FabricException(ErrorCode.NOT_FOUND, "port '" + port + "' has no security group");
        }
        generation++;
    }

    @Override
    public synchronized Map<String, Long> hits(String group) {
        NetworkSecurityGroupSpec spec = group(group);
        Map<String, Long> out = new LinkedHashMap<>();
        for (Direction d : Direction.values()) {
            List<SecurityRule> rules = CompiledGroup.ordered(spec, d);
            for (int r = 0; r < rules.size(); r++) {
                long n = 0;
                for (CompiledGroup g : compiled.get(group).values()) {
                    n += g.hits(d, r);
                }
                out.put(rules.get(r).name(), out.getOrDefault(rules.get(r).name(), 0L) + n);
            }
        }
        return out;
    }

    private NetworkSecurityGroupSpec group(String name) {
        NetworkSecurityGroupSpec g = groups.get(name);
        if (g == null) {
            throw FabricException.notFound("security group", name);
        }
        return g;
    }

    private VirtualNetworkSpec vnet(String name) {
        for (VirtualNetworkSpec v : overlay.networks()) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw FabricException.notFound("virtual network", name);
    }

    private CompiledGroup compiledFor(String group, VirtualNetworkSpec v) {
        return compiled.get(group).computeIfAbsent(v.vni(), k -> new CompiledGroup(groups.get(group), v));
    }

    /** Resolves a port's groups after a change; allocates only then. */
    private synchronized PortState resolve(PortImpl port, PortState previous) {
        PortState s = previous != null ? previous : new PortState();
        VirtualNetworkSpec v = port.virtualNetwork();
        String nic = portGroups.get(port.name());
        s.nic = nic == null ? null : compiledFor(nic, v);
        s.subnet = null;
        s.subnetPrefix = null;
        Map<Ipv4Prefix, String> subnets = subnetGroups.get(v.name());
        if (subnets != null) {
            for (Map.Entry<Ipv4Prefix, String> e : subnets.entrySet()) {
                if (e.getKey().contains(port.address())
                        && (s.subnetPrefix == null || e.getKey().length() > s.subnetPrefix.length())) {
                    s.subnetPrefix = e.getKey();
                    s.subnet = compiledFor(e.getValue(), v);
                }
            }
        }
        s.stateful = (s.nic != null || s.subnet != null) && (s.nic == null || s.nic.spec.stateful())
                && (s.subnet == null || s.subnet.spec.stateful());
        s.generation = generation;
        port.filterState = s;
        return s;
    }

    private PortState state(PortImpl port) {
        PortState s = (PortState) port.filterState;
        if (s == null || s.generation != generation) {
            s = resolve(port, s);
        }
        return s;
    }

    // ---- data path -----------------------------------------------------------------------------

    @Override
    public boolean allowOutbound(PortImpl port, Packet p) {
        return allow(port, p, Direction.OUTBOUND);
    }

    @Override
    public boolean allowInbound(PortImpl port, Packet p) {
        return allow(port, p, Direction.INBOUND);
    }

    private boolean allow(PortImpl port, Packet p, Direction d) {
        PortState s = state(port);
        if (s.nic == null && s.subnet == null) {
            return true;
        }
        int proto = p.protocol;
        boolean ports = (proto == Wire.PROTO_TCP || proto == Wire.PROTO_UDP) && !p.laterFragment;
        int sp = ports ? p.srcPort : 0;
        int dp = ports ? p.dstPort : 0;
        int flowSp = proto == Wire.PROTO_ICMP ? p.icmpId : sp;
        int flowDp = proto == Wire.PROTO_ICMP ? p.icmpId : dp;
        boolean out = d == Direction.OUTBOUND;
        int localIp = out ? p.srcIp : p.dstIp;
        int remoteIp = out ? p.dstIp : p.srcIp;
        int localPort = out ? flowSp : flowDp;
        int remotePort = out ? flowDp : flowSp;
        long now = s.stateful ? nanoClock.getAsLong() : 0;
        if (s.stateful && s.connections.touch(localIp, localPort, remoteIp, remotePort, proto, now) >= 0) {
            return true;
        }
        CompiledGroup first = out ? s.nic : s.subnet;
        CompiledGroup second = out ? s.subnet : s.nic;
        // The parser's flow hash is the cache key's: without ports (not TCP/UDP, or a later
        // fragment) the parser left them 0, as the key has them.
        int hash = p.hash;
        if (first != null && !allows(first, d, hash, p.srcIp, p.dstIp, sp, dp, proto)) {
            return false;
        }
        if (second != null && !allows(second, d, hash, p.srcIp, p.dstIp, sp, dp, proto)) {
            return false;
        }
        if (s.stateful) {
            s.connections.insert(localIp, localPort, remoteIp, remotePort, proto, now);
        }
        return true;
    }

    private static boolean allows(CompiledGroup g, Direction d, int hash, int src, int dst, int sp, int dp,
            int proto) {
        int rule = g.decide(d, hash, src, dst, sp, dp, proto);
        return g.rules(d).get(rule).access() == Access.ALLOW;
    }

    // ---- trace ---------------------------------------------------------------------------------

    @Override
    public TraceResult trace(String portName, Direction direction, Protocol protocol, Ipv4Address source,
            int sourcePort, Ipv4Address destination, int destinationPort) {
        if (protocol == Protocol.ANY) {
            throw FabricException.invalid("protocol", "a packet has one protocol: tcp, udp or icmp");
        }
        if (sourcePort < 0 || sourcePort > 65535 || destinationPort < 0 || destinationPort > 65535) {
            throw FabricException.invalid("port", "ports are 0-65535");
        }
        PortImpl port = overlay.portImpl(portName);
        HostAgent host = overlay.host(port.spec().node());
        synchronized (host) {
            PortState s = state(port);
            List<String> steps = new ArrayList<>();
            String packet = protocol + " " + source + ":" + sourcePort + " -> " + destination + ":" + destinationPort;
            steps.add(direction + " " + packet + " at port " + portName);
            if (s.nic == null && s.subnet == null) {
                steps.add("no security group on the port or its subnet: allowed");
                return new TraceResult(Access.ALLOW, "no-group", steps);
            }
            int proto = protocol.number();
            boolean hasPorts = protocol == Protocol.TCP || protocol == Protocol.UDP;
            int sp = hasPorts ? sourcePort : 0;
            int dp = hasPorts ? destinationPort : 0;
            boolean out = direction == Direction.OUTBOUND;
            if (s.stateful) {
                // ICMP flows are tracked by echo identifier: a trace passes it as both ports.
                int fsp = protocol == Protocol.ICMP ? sourcePort : sp;
                int fdp = protocol == Protocol.ICMP ? destinationPort : dp;
                long idle = s.connections.peek(out ? source.value() : destination.value(), out ? fsp : fdp,
                        out ? destination.value() : source.value(), out ? fdp : fsp, proto, nanoClock.getAsLong());
                if (idle >= 0) {
                    steps.add("connection state: a flow allowed earlier, idle " + idle / 1_000_000 + " ms: allowed"
                            + " without the rules");
                    return new TraceResult(Access.ALLOW, "connection-state", steps);
                }
                steps.add("connection state: no live flow; the rules decide");
            } else {
                steps.add("stateless: every packet is judged by the rules");
            }
            CompiledGroup[] order = out ? new CompiledGroup[] {s.nic, s.subnet} : new CompiledGroup[] {s.subnet, s.nic};
            String decidedBy = null;
            for (CompiledGroup g : order) {
                if (g == null) {
                    continue;
                }
                String where = g == s.nic ? "vNIC group" : "subnet " + s.subnetPrefix + " group";
                int r = g.peek(direction, source.value(), destination.value(), sp, dp, proto);
                SecurityRule rule = g.rules(direction).get(r);
                decidedBy = g.spec.name() + "/" + rule.name();
                steps.add(where + " " + g.spec.name() + ": rule " + rule.name() + " (priority " + rule.priority() + ", "
                        + rule.protocol() + " " + rule.sources() + ":" + rule.sourcePorts() + " -> "
                        + rule.destinations() + ":" + rule.destinationPorts() + ") " + rule.access());
                if (rule.access() == Access.DENY) {
                    return new TraceResult(Access.DENY, decidedBy, steps);
                }
            }
            steps.add(s.stateful ? "allowed; the flow's return traffic will be allowed by connection state"
                    : "allowed");
            return new TraceResult(Access.ALLOW, decidedBy, steps);
        }
    }

    /**
     * @param portName a port
     * @return live flows in its connection table (for counters and tests)
     */
    public int liveFlows(String portName) {
        PortImpl port = overlay.portImpl(portName);
        synchronized (overlay.host(port.spec().node())) {
            return state(port).connections.live(nanoClock.getAsLong());
        }
    }
}
