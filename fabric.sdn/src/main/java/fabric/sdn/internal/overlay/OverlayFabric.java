package fabric.sdn.internal.overlay;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.AddressMapping;
import fabric.api.network.FrameSink;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.api.network.VirtualNetworks;
import fabric.sdn.internal.pcap.PcapWriter;
import fabric.sdn.internal.underlay.TeamUplinks;
import fabric.sdn.internal.underlay.Underlay;
import fabric.sdn.internal.wire.Drop;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The overlay of a whole scale unit in one JVM: a {@link HostAgent} per node on a shared
 * {@link Underlay}, the virtual networks and their mapping tables (pushed to every host, as the
 * network controller's southbound will), and the vPorts. The control operations validate fully
 * before they change anything.
 */
public final class OverlayFabric implements VirtualNetworks, AutoCloseable {

    private final Underlay underlay;
    private final TeamUplinks teamUplinks;
    private final Map<NodeId, HostAgent> hosts = new LinkedHashMap<>();
    private final Map<String, Vnet> vnets = new TreeMap<>();
    private final Map<String, PortImpl> ports = new TreeMap<>();
    private final java.util.Set<Integer> externalProviders = new java.util.HashSet<>();

    private static final class Vnet {
        final VirtualNetworkSpec spec;
        final Map<Integer, AddressMapping> mappings = new TreeMap<>(Comparator.comparingLong(i -> i & 0xFFFF_FFFFL));

        Vnet(VirtualNetworkSpec spec) {
            this.spec = spec;
        }
    }

    /**
     * @param nodes the nodes, in order; node i gets the (i+1)-th address of {@code providerPrefix}
     * @param providerPrefix the provider network's prefix
     * @param underlay the provider network
     * @param clock for capture timestamps
     */
    public OverlayFabric(List<NodeId> nodes, Ipv4Prefix providerPrefix, Underlay underlay, Clock clock) {
        this.underlay = Objects.requireNonNull(underlay, "underlay");
        // Hosts send through their node's team once one is routed (TeamUplinks), straight until then.
        this.teamUplinks = new TeamUplinks(underlay);
        int size = 1 << (32 - providerPrefix.length());
        if (nodes.size() > size - 2) {
            throw FabricException.invalid("providerPrefix", providerPrefix + " has too few addresses for "
                    + nodes.size() + " nodes");
        }
        int base = providerPrefix.address().value();
        for (int i = 0; i < nodes.size(); i++) {
            hosts.put(nodes.get(i), new HostAgent(nodes.get(i), base + i + 1, teamUplinks, clock));
        }
    }

    /** @return runs the teams' egress schedulers and delivers what the underlay has received; the data path's duty cycle */
    public int poll() {
        return teamUplinks.poll();
    }

    /** @return the hosts' attachments to the underlay, where their nodes' teams are routed in */
    public TeamUplinks teamUplinks() {
        return teamUplinks;
    }

    /**
     * @param node a node
     * @return its host agent
     */
    public synchronized HostAgent host(NodeId node) {
        HostAgent h = hosts.get(node);
        if (h == null) {
            throw FabricException.notFound("node", node.value());
        }
        return h;
    }

    /** @return every host agent, in node order */
    public synchronized List<HostAgent> hosts() {
        return List.copyOf(hosts.values());
    }

    @Override
    public synchronized void create(VirtualNetworkSpec spec) {
        if (vnets.containsKey(spec.name())) {
            throw new FabricException(ErrorCode.ALREADY_EXISTS, "virtual network '" + spec.name() + "' already exists");
        }
        for (Vnet v : vnets.values()) {
            if (v.spec.vni() == spec.vni()) {
                throw new FabricException(ErrorCode.ALREADY_EXISTS, "VNI " + spec.vni() + " is already used by '"
                        + v.spec.name() + "'");
            }
        }
        vnets.put(spec.name(), new Vnet(spec));
        for (HostAgent h : hosts.values()) {
            h.vnet(spec);
        }
    }

    @Override
    public synchronized void delete(String name) {
        Vnet v = vnet(name);
        for (PortImpl p : ports.values()) {
            if (p.spec.virtualNetwork().equals(name)) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "virtual network '" + name
                        + "' still has port '" + p.name() + "'");
            }
        }
        vnets.remove(name);
        for (HostAgent h : hosts.values()) {
            h.removeVnet(v.spec.vni());
        }
    }

    @Override
    public synchronized List<VirtualNetworkSpec> networks() {
        List<VirtualNetworkSpec> list = new ArrayList<>();
        for (Vnet v : vnets.values()) {
            list.add(v.spec);
        }
        return list;
    }

    @Override
    public synchronized void map(AddressMapping mapping) {
        Vnet v = vnet(mapping.virtualNetwork());
        int ca = mapping.customerAddress().value();
        if (!v.spec.contains(ca)) {
            throw FabricException.invalid("customerAddress", mapping.customerAddress()
                    + " is outside the address space of '" + v.spec.name() + "'");
        }
        hostByPa(mapping.providerAddress());
        for (PortImpl p : ports.values()) {
            if (p.vnet.vni == v.spec.vni() && p.ip == ca && p.mac != mapping.customerMac().value()) {
                throw new FabricException(ErrorCode.ALREADY_EXISTS, mapping.customerAddress() + " in '"
                        + v.spec.name() + "' belongs to port '" + p.name() + "'");
            }
        }
        push(v, mapping);
    }

    private void push(Vnet v, AddressMapping mapping) {
        int ca = mapping.customerAddress().value();
        v.mappings.put(ca, mapping);
        Mapping m = new Mapping(ca, mapping.customerMac().value(), mapping.providerAddress().value());
        for (HostAgent h : hosts.values()) {
            h.putMapping(v.spec.vni(), m);
        }
    }

    /**
     * Removes a mapping that no port owns (a VIP's) from every host.
     *
     * @param virtualNetwork the network
     * @param customerAddress the mapped address
     */
    public synchronized void unmap(String virtualNetwork, Ipv4Address customerAddress) {
        Vnet v = vnets.get(virtualNetwork);
        if (v == null || v.mappings.remove(customerAddress.value()) == null) {
            return;
        }
        for (HostAgent h : hosts.values()) {
            h.removeMapping(v.spec.vni(), customerAddress.value());
        }
    }

    @Override
    public synchronized List<AddressMapping> mappings(String virtualNetwork) {
        return List.copyOf(vnet(virtualNetwork).mappings.values());
    }

    @Override
    public synchronized VPort attach(VPortSpec spec, FrameSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (ports.containsKey(spec.name())) {
            throw new FabricException(ErrorCode.ALREADY_EXISTS, "port '" + spec.name() + "' already exists");
        }
        HostAgent host = host(spec.node());
        Vnet v = vnet(spec.virtualNetwork());
        int ca = spec.address().value();
        if (!v.spec.contains(ca)) {
            throw FabricException.invalid("address", spec.address() + " is outside the address space of '"
                    + v.spec.name() + "'");
        }
        for (PortImpl p : ports.values()) {
            if (p.vnet.vni == v.spec.vni() && p.ip == ca) {
                throw new FabricException(ErrorCode.ALREADY_EXISTS, spec.address() + " in '" + v.spec.name()
                        + "' is already port '" + p.name() + "'");
            }
        }
        VnetTable table = host.vnet(v.spec);
        PortImpl port = new PortImpl(spec, sink, host, table);
        ports.put(spec.name(), port);
        host.addPort(port);
        push(v, new AddressMapping(v.spec.name(), spec.address(), spec.mac(), new Ipv4Address(host.providerAddress())));
        return port;
    }

    @Override
    public synchronized void detach(String port) {
        PortImpl p = portImpl(port);
        ports.remove(port);
        p.host.removePort(p);
        Vnet v = vnets.get(p.spec.virtualNetwork());
        v.mappings.remove(p.ip);
        for (HostAgent h : hosts.values()) {
            h.removeMapping(v.spec.vni(), p.ip);
        }
    }

    @Override
    public synchronized Optional<VPort> port(String port) {
        return Optional.ofNullable(ports.get(port));
    }

    @Override
    public synchronized List<VPort> ports() {
        return List.copyOf(ports.values());
    }

    @Override
    public synchronized Ipv4Address providerAddress(NodeId node) {
        return new Ipv4Address(host(node).providerAddress());
    }

    @Override
    public synchronized Map<NodeId, Ipv4Address> providerAddresses() {
        Map<NodeId, Ipv4Address> map = new LinkedHashMap<>();
        for (HostAgent h : hosts.values()) {
            map.put(h.node(), new Ipv4Address(h.providerAddress()));
        }
        return map;
    }

    @Override
    public synchronized void capture(String portOrNode, Path file) {
        PortImpl port = ports.get(portOrNode);
        HostAgent host = port == null ? hostNamed(portOrNode) : port.host;
        PcapWriter writer;
        try {
            writer = new PcapWriter(file);
        } catch (UncheckedIOException e) {
            throw new FabricException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
        if (port != null) {
            host.startCapture(port, writer);
        } else {
            host.startCapture(writer);
        }
    }

    @Override
    public synchronized long stopCapture(String portOrNode) {
        PortImpl port = ports.get(portOrNode);
        long frames = port != null ? port.host.stopCapture(port) : hostNamed(portOrNode).stopCapture();
        if (frames < 0) {
            throw new FabricException(ErrorCode.NOT_FOUND, "nothing is being captured on '" + portOrNode + "'");
        }
        return frames;
    }

    @Override
    public synchronized Map<String, Long> drops() {
        Map<String, Long> total = new LinkedHashMap<>();
        for (Drop d : Drop.all()) {
            long n = 0;
            for (HostAgent h : hosts.values()) {
                n += h.drops().get(d);
            }
            if (n != 0) {
                total.put(d.name(), n);
            }
        }
        return total;
    }

    /**
     * @param port a port's name
     * @return the port
     * @throws FabricException {@code NOT_FOUND}
     */
    public synchronized PortImpl portImpl(String port) {
        PortImpl p = ports.get(port);
        if (p == null) {
            throw FabricException.notFound("port", port);
        }
        return p;
    }

    private Vnet vnet(String name) {
        Vnet v = vnets.get(name);
        if (v == null) {
            throw FabricException.notFound("virtual network", name);
        }
        return v;
    }

    private HostAgent hostNamed(String name) {
        for (HostAgent h : hosts.values()) {
            if (h.node().value().equals(name)) {
                return h;
            }
        }
        throw FabricException.notFound("port or node", name);
    }

    /**
     * Accepts mappings to a provider address outside the fabric: a VXLAN tunnel endpoint the underlay
     * can reach (see {@link fabric.sdn.internal.underlay.UdpUnderlay#addRemoteEndpoint}).
     *
     * @param providerAddress the endpoint's provider address
     */
    public synchronized void addExternalProvider(Ipv4Address providerAddress) {
        externalProviders.add(providerAddress.value());
    }

    private HostAgent hostByPa(Ipv4Address pa) {
        for (HostAgent h : hosts.values()) {
            if (h.providerAddress() == pa.value()) {
                return h;
            }
        }
        if (externalProviders.contains(pa.value())) {
            return null;
        }
        throw FabricException.notFound("provider address", pa.toString());
    }

    @Override
    public synchronized void close() {
        for (HostAgent h : hosts.values()) {
            h.close();
            for (PortImpl p : ports.values()) {
                if (p.host == h) {
                    h.removePort(p);
                }
            }
        }
        underlay.close();
    }
}
