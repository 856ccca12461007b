package fabric.sdn.internal.shell;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.network.BackendHealth;
import fabric.api.network.HealthProbe;
import fabric.api.network.Ipv4Address;
import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.LoadBalancerStatus;
import fabric.api.network.LoadBalancers;
import fabric.api.network.LoadBalancingRule;
import fabric.api.network.ProbeProtocol;
import fabric.api.network.Protocol;
import fabric.api.network.RuleStatus;
import fabric.api.network.VPort;
import fabric.api.network.VirtualNetworks;
import fabric.sdn.internal.overlay.GuestEndpoint;
import fabric.shell.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code net:} commands of the software load balancer, on the {@link LoadBalancers} service:
 * load balancers with a TCP-probed rule, HTTP probes, outbound SNAT rules, probe rounds, health and
 * counters. Hyphenated names come from {@link LoadBalancerCommandAliases}.
 */
@Component(service = LoadBalancerCommands.class)
@GogoCommand(scope = "net", function = {"lbCreate", "lbProbe", "lbHealth", "lbHttpProbe", "lbOutbound", "lbDelete",
        "lbs", "listen"})
public final class LoadBalancerCommands {

    private final LoadBalancers slb;
    private final VirtualNetworks networks;
    private final NetworkCommands network;

    /**
     * @param slb the load balancers
     * @param networks the overlay, to find the backends' network
     * @param network the diagnostic endpoints
     */
    @Activate
    public LoadBalancerCommands(@Reference(name = "slb") LoadBalancers slb,
            @Reference(name = "networks") VirtualNetworks networks,
            @Reference(name = "network") NetworkCommands network) {
        this.slb = slb;
        this.networks = networks;
        this.network = network;
    }

    /**
     * @return confirmation
     */
    @Descriptor("load balances VIP:PORT (tcp or udp) of a virtual network over backend ports, TCP-probed on the backend port")
    public String lbCreate(@Descriptor("load balancer name") String name, @Descriptor("network name") String vnet,
            @Descriptor("VIP: a free customer address of the network") String vip,
            @Descriptor("tcp or udp") String protocol, @Descriptor("VIP port") String vipPort,
            @Descriptor("backend port") String backendPort,
            @Descriptor("backend vPorts, comma-separated") String backends) {
        Ipv4Address address = NetworkCommands.arg(() -> Ipv4Address.parse(vip));
        Protocol proto = switch (protocol.strip().toLowerCase(Locale.ROOT)) {
            case "tcp" -> Protocol.TCP;
            case "udp" -> Protocol.UDP;
            default -> throw FabricException.invalid("protocol", "'" + protocol + "' is not tcp or udp");
        };
        int vp = port("vipPort", vipPort);
        int bp = port("backendPort", backendPort);
        String rule = proto.name().toLowerCase(Locale.ROOT) + "-" + vp;
        LoadBalancerSpec spec = spec(() -> new LoadBalancerSpec(name, vnet, address, vnet, List.of(backends.split(",")),
                List.of(new LoadBalancingRule(rule, proto, vp, bp, "tcp-" + bp)),
                List.of(new HealthProbe("tcp-" + bp, ProbeProtocol.TCP, bp, null)), 0));
        slb.apply(spec);
        return "load balancing " + protocol + " " + address + ":" + vp + " of " + vnet + " over " + backends + " port " + bp;
    }

    /** @return the health after one probe round */
    @Descriptor("runs one round of health probes (from 168.63.129.16) and shows every load balancer's backends")
    public String lbProbe() {
        int changed = slb.probe();
        Table t = new Table("LB", "RULE", "BACKEND", "HEALTH");
        for (LoadBalancerSpec lb : slb.loadBalancers()) {
            for (RuleStatus r : slb.status(lb.name()).rules()) {
                for (BackendHealth b : r.backends()) {
                    t.row(lb.name(), r.rule(), b.port(), b.healthy() ? "up" : "DOWN");
                }
            }
        }
        return changed + " backends changed health\n" + t.render(0);
    }

    /**
     * @param name a load balancer
     * @return its backends' health and counters
     */
    @Descriptor("shows a load balancer's rules: backends, their health, and packets forwarded")
    public String lbHealth(@Descriptor("load balancer name") String name) {
        LoadBalancerStatus status = slb.status(name);
        Table t = new Table("BACKEND", "HEALTH", "ATTACHED", "RULE", "RULE-PACKETS");
        for (RuleStatus r : status.rules()) {
            for (BackendHealth b : r.backends()) {
                t.row(b.port(), b.healthy() ? "up" : "DOWN", b.attached() ? "yes" : "no", r.rule(),
                        Long.toString(r.packets()));
            }
        }
        return t.render(0) + (status.outboundFlowsRefused() > 0
                ? "\noutbound flows refused (SNAT ranges full): " + status.outboundFlowsRefused() : "");
    }

    /** @return the load balancers */
    @Descriptor("lists the load balancers: VIP, backend network, rules, backends, outbound ports")
    public String lbs() {
        Table t = new Table("NAME", "VIP", "BACKEND-VNET", "RULES", "BACKENDS", "OUTBOUND");
        for (LoadBalancerSpec lb : slb.loadBalancers()) {
            List<String> rules = new ArrayList<>();
            for (LoadBalancingRule r : lb.rules()) {
                rules.add(r.protocol().name().toLowerCase(Locale.ROOT) + " " + r.frontendPort() + "->" + r.backendPort());
            }
            t.row(lb.name(), lb.frontendNetwork() + " " + lb.frontendAddress(), lb.backendNetwork(), String.join(", ", rules),
                    String.join(",", lb.backends()),
                    lb.outboundPortsPerBackend() == 0 ? "-" : lb.outboundPortsPerBackend() + " ports each");
        }
        return t.render(0);
    }

    /**
     * @param name a load balancer
     * @param path the probed path
     * @return confirmation
     */
    @Descriptor("probes a load balancer's backends by HTTP GET (200 means healthy) instead of a TCP connect")
    public String lbHttpProbe(@Descriptor("load balancer name") String name, @Descriptor("path, such as /health") String path) {
        LoadBalancerSpec lb = find(name);
        List<HealthProbe> probes = new ArrayList<>();
        List<LoadBalancingRule> rules = new ArrayList<>();
        for (LoadBalancingRule r : lb.rules()) {
            String probe = "http-" + r.backendPort();
            if (probes.stream().noneMatch(p -> p.name().equals(probe))) {
                probes.add(spec(() -> new HealthProbe(probe, ProbeProtocol.HTTP, r.backendPort(), path)));
            }
            rules.add(new LoadBalancingRule(r.name(), r.protocol(), r.frontendPort(), r.backendPort(), probe));
        }
        slb.apply(new LoadBalancerSpec(lb.name(), lb.frontendNetwork(), lb.frontendAddress(), lb.backendNetwork(),
                lb.backends(), rules, probes, lb.outboundPortsPerBackend()));
        return name + " probes GET " + path;
    }

    /**
     * @return confirmation
     */
    @Descriptor("outbound rule: backends reach the public network behind the VIP (SNAT), each with its own port range")
    public String lbOutbound(@Descriptor("load balancer name") String name,
            @Descriptor("public network name") String publicNetwork,
            @Descriptor("VIP: a free address of the public network") String vip,
            @Descriptor("SNAT ports per backend, 1-1024") String portsPerBackend,
            @Descriptor("backend vPorts, comma-separated, all in one network") String backends) {
        Ipv4Address address = NetworkCommands.arg(() -> Ipv4Address.parse(vip));
        int ports = NetworkCommands.arg(() -> Integer.parseInt(portsPerBackend.strip()));
        List<String> pool = List.of(backends.split(","));
        VPort first = networks.port(pool.get(0)).orElseThrow(() -> FabricException.notFound("port", pool.get(0)));
        slb.apply(spec(() -> new LoadBalancerSpec(name, publicNetwork, address, first.spec().virtualNetwork(), pool,
                List.of(), List.of(), ports)));
        return "outbound from " + backends + " via " + address + " in " + publicNetwork + ", " + ports + " ports each";
    }

    /**
     * @param name a load balancer
     * @return confirmation
     */
    @Descriptor("deletes a load balancer: its VIP, NAT and SNAT rules")
    public String lbDelete(@Descriptor("load balancer name") String name) {
        slb.delete(name);
        return "deleted load balancer " + name;
    }

    private LoadBalancerSpec find(String name) {
        for (LoadBalancerSpec lb : slb.loadBalancers()) {
            if (lb.name().equals(name)) {
                return lb;
            }
        }
        throw FabricException.notFound("load balancer", name);
    }

    private static int port(String field, String text) {
        int p = NetworkCommands.arg(() -> Integer.parseInt(text.strip()));
        if (p < 1 || p > 65535) {
            throw FabricException.invalid(field, p + " is not a port (1-65535)");
        }
        return p;
    }

    private static <T> T spec(java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
        }
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
