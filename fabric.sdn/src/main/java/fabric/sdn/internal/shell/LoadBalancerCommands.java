package fabric.sdn.internal.shell;

import fabric.api.core.FabricException;
import fabric.api.network.Ipv4Address;
import fabric.api.network.MacAddress;
import fabric.sdn.internal.NetworkComponent;
import fabric.sdn.internal.overlay.GuestEndpoint;
import fabric.sdn.internal.slb.SoftwareLoadBalancer;
import fabric.shell.Table;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code net:} commands of the software load balancer: VIP rules over backend ports, health
 * probe rounds and backend health. Hyphenated names come from {@link LoadBalancerCommandAliases}.
 */
@Component(service = LoadBalancerCommands.class)
@GogoCommand(scope = "net", function = {"lbCreate", "lbProbe", "lbHealth", "lbHttpProbe", "lbOutbound", "listen"})
public final class LoadBalancerCommands {

    private final SoftwareLoadBalancer slb;
    private final NetworkCommands network;

    /**
     * @param component the overlay with its load balancer
     * @param network the diagnostic endpoints
     */
    @Activate
    public LoadBalancerCommands(@Reference(name = "component") NetworkComponent component,
            @Reference(name = "network") NetworkCommands network) {
        this.slb = component.loadBalancer();
        this.network = network;
    }

    /**
     * @return confirmation
     */
    @Descriptor("load balances VIP:PORT (tcp or udp) of a virtual network over backend ports")
    public String lbCreate(@Descriptor("rule name") String name, @Descriptor("network name") String vnet,
            @Descriptor("VIP: a free customer address of the network") String vip,
            @Descriptor("tcp or udp") String protocol, @Descriptor("VIP port") String vipPort,
            @Descriptor("backend port") String backendPort,
            @Descriptor("backend vPorts, comma-separated") String backends) {
        Ipv4Address address = NetworkCommands.arg(() -> Ipv4Address.parse(vip));
        int proto = switch (protocol.strip().toLowerCase(Locale.ROOT)) {
            case "tcp" -> 6;
            case "udp" -> 17;
            default -> throw FabricException.invalid("protocol", "'" + protocol + "' is not tcp or udp");
        };
        int vp = NetworkCommands.arg(() -> Integer.parseInt(vipPort.strip()));
        int bp = NetworkCommands.arg(() -> Integer.parseInt(backendPort.strip()));
        if (vp < 1 || vp > 65535 || bp < 1 || bp > 65535) {
            throw FabricException.invalid("port", "ports are 1-65535");
        }
        MacAddress mac = new MacAddress(0x02_1B_0000_0000L | (address.value() & 0xFFFF_FFFFL));
        slb.createVip(name, vnet, address, mac, proto, vp, bp, List.of(backends.split(",")));
        return "load balancing " + protocol + " " + address + ":" + vp + " of " + vnet + " over " + backends + " port " + bp;
    }

    /** @return the health after one probe round */
    @Descriptor("runs one round of TCP health probes (from 168.63.129.16) and shows every VIP's backends")
    public String lbProbe() {
        int changed = slb.probe();
        Table t = new Table("RULE", "BACKEND", "HEALTH");
        for (String rule : slb.names()) {
            for (Map.Entry<String, Boolean> e : slb.health(rule).entrySet()) {
                t.row(rule, e.getKey(), e.getValue() ? "up" : "DOWN");
            }
        }
        return changed + " backends changed health\n" + t.render(0);
    }

    /**
     * @param name a VIP rule
     * @return its backends' health
     */
    @Descriptor("shows a VIP rule's backends and their health")
    public String lbHealth(@Descriptor("rule name") String name) {
        Table t = new Table("BACKEND", "HEALTH");
        for (Map.Entry<String, Boolean> e : slb.health(name).entrySet()) {
            t.row(e.getKey(), e.getValue() ? "up" : "DOWN");
        }
        return t.render(0);
    }

    /**
     * @param name a VIP rule
     * @param path the probed path
     * @return confirmation
     */
    @Descriptor("probes a VIP rule's backends by HTTP GET (200 means healthy) instead of a TCP connect")
    public String lbHttpProbe(@Descriptor("rule name") String name, @Descriptor("path, such as /health") String path) {
        slb.probeHttp(name, path);
        return name + " probes GET " + path;
    }

    /**
     * @return confirmation
     */
    @Descriptor("outbound rule: backends reach the public network behind the VIP (SNAT), each with its own port range")
    public String lbOutbound(@Descriptor("public network name") String publicNetwork,
            @Descriptor("VIP: a free address of the public network") String vip,
            @Descriptor("SNAT ports per backend, 1-1024") String portsPerBackend,
            @Descriptor("backend vPorts, comma-separated") String backends) {
        Ipv4Address address = NetworkCommands.arg(() -> Ipv4Address.parse(vip));
        int ports = NetworkCommands.arg(() -> Integer.parseInt(portsPerBackend.strip()));
        MacAddress mac = new MacAddress(0x02_1C_0000_0000L | (address.value() & 0xFFFF_FFFFL));
        slb.addOutboundRule(publicNetwork, address, mac, ports, List.of(backends.split(",")));
        return "outbound from " + backends + " via " + address + " in " + publicNetwork + ", " + ports + " ports each";
    }

    /**
     * @param port a diagnostic endpoint's port
     * @param tcpPort the TCP port
     * @return confirmation
     */
    @Descriptor("makes a diagnostic endpoint accept TCP connections on a port (answers SYN with SYN-ACK)")
    public String listen(@Descriptor("diagnostic endpoint's port") String port, @Descriptor("TCP port") String tcpPort) {
        GuestEndpoint g = network.endpoint(port);
        int p = NetworkCommands.arg(() -> Integer.parseInt(tcpPort.strip()));
        g.listen(p);
        return port + " listens on TCP " + p;
    }
}
