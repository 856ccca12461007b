package fabric.sdn.internal.shell;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.AddressMapping;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.PortCounters;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.api.network.VirtualNetworks;
import fabric.sdn.internal.overlay.GuestEndpoint;
import fabric.shell.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code net:} shell commands: virtual networks, mappings, ports, diagnostic endpoints with
 * ping, pcap capture and drop counters. Hyphenated names ({@code net:create-vnet}) come from
 * {@link NetworkCommandAliases}.
 */
@Component(service = NetworkCommands.class)
@GogoCommand(scope = "net", function = {"vnets", "createVnet", "deleteVnet", "map", "mappings", "hosts", "endpoint",
    "detach", "ports", "ping", "capture", "stopCapture", "drops"})
public final class NetworkCommands {

    /** How long {@code ping} waits for each reply. */
    static final long REPLY_TIMEOUT_NANOS = 2_000_000_000L;

    private final VirtualNetworks networks;
    private final Map<String, GuestEndpoint> endpoints = new ConcurrentHashMap<>();

    /** @param networks the overlay */
    @Activate
    public NetworkCommands(@Reference(name = "networks") VirtualNetworks networks) {
        this.networks = Objects.requireNonNull(networks, "networks");
    }

    /** @return every virtual network */
    @Descriptor("lists the virtual networks: VNI, encapsulation, address space, ports")
    public String vnets() {
        Table t = new Table("NETWORK", "VNI", "ENCAP", "ADDRESS SPACE", "PORTS");
        List<VPort> ports = networks.ports();
        for (VirtualNetworkSpec v : networks.networks()) {
            long n = 0;
            for (VPort p : ports) {
                if (p.spec().virtualNetwork().equals(v.name())) {
                    n++;
                }
            }
            t.row(v.name(), v.vni(), v.encapsulation(), join(v.addressSpace()), n);
        }
        return t.render(0);
    }

    /**
     * @param name the network's name
     * @param vni its VNI
     * @param addressSpace comma-separated CIDR prefixes
     * @return what was created
     */
    @Descriptor("creates a VXLAN virtual network")
    public String createVnet(@Descriptor("network name") String name, @Descriptor("VNI, 1-16777215") String vni,
            @Descriptor("address space: CIDR prefixes, comma-separated") String addressSpace) {
        return createVnet(name, vni, addressSpace, "vxlan");
    }

    /**
     * @param name the network's name
     * @param vni its VNI
     * @param addressSpace comma-separated CIDR prefixes
     * @param encapsulation vxlan or nvgre
     * @return what was created
     */
    @Descriptor("creates a virtual network with the given encapsulation")
    public String createVnet(@Descriptor("network name") String name, @Descriptor("VNI, 1-16777215") String vni,
            @Descriptor("address space: CIDR prefixes, comma-separated") String addressSpace,
            @Descriptor("encapsulation: vxlan or nvgre") String encapsulation) {
        VirtualNetworkSpec spec = arg(() -> {
            List<Ipv4Prefix> prefixes = new ArrayList<>();
            for (String p : addressSpace.split(",")) {
                prefixes.add(Ipv4Prefix.parse(p));
            }
            return new VirtualNetworkSpec(name, Integer.parseInt(vni.strip()), prefixes,
                    Encapsulation.valueOf(encapsulation.strip().toUpperCase(Locale.ROOT)));
        });
        networks.create(spec);
        return "created " + spec.encapsulation() + " network " + name + " (VNI " + spec.vni() + ", " + join(spec.addressSpace())
                + ")";
    }

    /**
     * @param name the network's name
     * @return what was deleted
     */
    @Descriptor("deletes a virtual network that has no ports")
    public String deleteVnet(@Descriptor("network name") String name) {
        networks.delete(name);
        return "deleted network " + name;
    }

    /**
     * @param vnet the network
     * @param customerAddress the CA
     * @param mac the CA's MAC
     * @param providerAddress the host's PA
     * @return the mapping
     */
    @Descriptor("maps a customer address to the provider address of the host that runs it")
    public String map(@Descriptor("network name") String vnet, @Descriptor("customer address (CA)") String customerAddress,
            @Descriptor("the CA's MAC address") String mac, @Descriptor("provider address (PA) of its host") String providerAddress) {
        AddressMapping m = arg(() -> new AddressMapping(vnet, Ipv4Address.parse(customerAddress), MacAddress.parse(mac),
                Ipv4Address.parse(providerAddress)));
        networks.map(m);
        return "mapped " + vnet + " " + m.customerAddress() + " (" + m.customerMac() + ") -> " + m.providerAddress();
    }

    /**
     * @param vnet the network
     * @return its mappings
     */
    @Descriptor("lists a virtual network's CA -> PA mappings")
    public String mappings(@Descriptor("network name") String vnet) {
        Table t = new Table("CUSTOMER ADDRESS", "MAC", "PROVIDER ADDRESS");
        for (AddressMapping m : networks.mappings(vnet)) {
            t.row(m.customerAddress(), m.customerMac(), m.providerAddress());
        }
        return t.render(0);
    }

    /** @return every node's provider address */
    @Descriptor("lists the provider address (PA) of every node's host")
    public String hosts() {
        Table t = new Table("NODE", "PROVIDER ADDRESS", "PORTS");
        List<VPort> ports = networks.ports();
        for (Map.Entry<NodeId, Ipv4Address> e : networks.providerAddresses().entrySet()) {
            long n = 0;
            for (VPort p : ports) {
                if (p.spec().node().equals(e.getKey())) {
                    n++;
                }
            }
            t.row(e.getKey(), e.getValue(), n);
        }
        return t.render(0);
    }

    /**
     * @param name the port's name
     * @param node the node
     * @param vnet the network
     * @param address the endpoint's customer address
     * @return the port
     */
    @Descriptor("attaches a diagnostic endpoint (answers ARP and ping) on a new vPort")
    public String endpoint(@Descriptor("port name") String name, @Descriptor("node name") String node,
            @Descriptor("network name") String vnet, @Descriptor("customer address") String address) {
        VPortSpec spec = arg(() -> new VPortSpec(name, NodeId.of(node), vnet,
                new MacAddress(0x02_FA_0000_0000L | (name.hashCode() & 0xFFFF_FFFFL)), Ipv4Address.parse(address)));
        GuestEndpoint g = new GuestEndpoint(spec.mac(), spec.address());
        VPort port = networks.attach(spec, g);
        g.bind(port);
        endpoints.put(name, g);
        return "attached endpoint " + name + " (" + spec.mac() + ", " + spec.address() + ") on " + node + " in " + vnet;
    }

    /**
     * @param port the port
     * @return what was detached
     */
    @Descriptor("detaches a port and removes its mapping")
    public String detach(@Descriptor("port name") String port) {
        networks.detach(port);
        endpoints.remove(port);
        return "detached " + port;
    }

    /** @return every port with counters */
    @Descriptor("lists every vPort with its counters")
    public String ports() {
        Table t = new Table("PORT", "NODE", "NETWORK", "MAC", "ADDRESS", "RX", "TX", "DROPS");
        for (VPort p : networks.ports()) {
            PortCounters c = p.counters();
            t.row(p.spec().name(), p.spec().node(), p.spec().virtualNetwork(), p.spec().mac(), p.spec().address(),
                    c.rxFrames(), c.txFrames(), c.drops());
        }
        return t.render(0);
    }

    /**
     * @param port a diagnostic endpoint's port
     * @param address whom to ping
     * @return the replies
     */
    @Descriptor("pings an address from a diagnostic endpoint, 3 echo requests")
    public String ping(@Descriptor("diagnostic endpoint's port") String port, @Descriptor("destination address") String address) {
        return ping(port, address, "3");
    }

    /**
     * @param port a diagnostic endpoint's port
     * @param address whom to ping
     * @param countText how many echo requests
     * @return the replies
     * @throws FabricException {@code FAILED_PRECONDITION} when no reply came
     */
    @Descriptor("pings an address from a diagnostic endpoint")
    public String ping(@Descriptor("diagnostic endpoint's port") String port, @Descriptor("destination address") String address,
            @Descriptor("number of echo requests, 1-100") String countText) {
        GuestEndpoint g = endpoints.get(port);
        if (g == null) {
            throw new FabricException(ErrorCode.NOT_FOUND, "no diagnostic endpoint on port '" + port
                    + "' (create one with net:endpoint)");
        }
        int count = arg(() -> Integer.parseInt(countText.strip()));
        if (count < 1 || count > 100) {
            throw FabricException.invalid("count", count + " is not 1-100");
        }
        Ipv4Address to = arg(() -> Ipv4Address.parse(address));
        StringBuilder out = new StringBuilder();
        int received = 0;
        for (int seq = 1; seq <= count; seq++) {
            long before = g.echoRepliesReceived();
            long start = System.nanoTime();
            if (!g.ping(to, seq)) {
                out.append("icmp_seq=").append(seq).append(" dropped at the source (see net:drops)\n");
                continue;
            }
            while (g.echoRepliesReceived() == before && System.nanoTime() - start < REPLY_TIMEOUT_NANOS) {
                LockSupport.parkNanos(100_000);
            }
            if (g.echoRepliesReceived() > before) {
                received++;
                out.append("reply from ").append(to).append(": icmp_seq=").append(seq).append(String.format(
                        Locale.ROOT, " time=%.3f ms%n", (System.nanoTime() - start) / 1e6));
            } else {
                out.append("no reply for icmp_seq=").append(seq).append('\n');
            }
        }
        out.append(count).append(" sent, ").append(received).append(" received");
        if (received == 0) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "no reply from " + to + " to " + port + " ("
                    + count + " sent)");
        }
        return out.toString();
    }

    /**
     * @param portOrNode a port or node
     * @param file the pcap file
     * @return confirmation
     */
    @Descriptor("captures a port's frames (or a node's encapsulated traffic) to a pcap file")
    public String capture(@Descriptor("port or node name") String portOrNode, @Descriptor("pcap file to write") String file) {
        Path path = arg(() -> Path.of(file));
        networks.capture(portOrNode, path);
        return "capturing " + portOrNode + " to " + path + " (stop with net:stop-capture " + portOrNode + ")";
    }

    /**
     * @param portOrNode a port or node
     * @return frames written
     */
    @Descriptor("stops a capture and closes its file")
    public String stopCapture(@Descriptor("port or node name") String portOrNode) {
        return "stopped capture on " + portOrNode + ": " + networks.stopCapture(portOrNode) + " frames";
    }

    /** @return drop counters */
    @Descriptor("shows the frames the data plane dropped, by reason")
    public String drops() {
        Table t = new Table("REASON", "FRAMES");
        for (Map.Entry<String, Long> e : networks.drops().entrySet()) {
            t.row(e.getKey(), e.getValue());
        }
        return t.render(0);
    }

    /**
     * @param port a diagnostic endpoint's port
     * @return the endpoint
     * @throws FabricException {@code NOT_FOUND}
     */
    GuestEndpoint endpoint(String port) {
        GuestEndpoint g = endpoints.get(port);
        if (g == null) {
            throw new FabricException(ErrorCode.NOT_FOUND, "no diagnostic endpoint on port '" + port
                    + "' (create one with net:endpoint)");
        }
        return g;
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

    /** Turns a bad value (an {@link IllegalArgumentException} from a record) into INVALID_ARGUMENT. */
    static <T> T arg(Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
