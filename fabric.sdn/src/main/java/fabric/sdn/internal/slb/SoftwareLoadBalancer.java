package fabric.sdn.internal.slb;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.network.AddressMapping;
import fabric.api.network.Ipv4Address;
import fabric.api.network.MacAddress;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.overlay.HostAgent;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.overlay.PortImpl;
import fabric.sdn.internal.underlay.Underlay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The software load balancer's control side in one place: VIPs of a virtual network with a backend
 * pool of vPorts, one {@link Mux} that owns them (the VIP is mapped to the mux's provider address,
 * so clients' packets go there), every host agent told the VIP's NAT rule, and TCP health probes
 * run by the backends' host agents: two failed probes in a row take a backend out of the mux's
 * table, one answered probe puts it back. Outbound rules SNAT the backends' connections to the
 * public network behind the VIP.
 */
public final class SoftwareLoadBalancer {

    /** Consecutive failed probes that mark a backend down. */
    public static final int PROBE_FAILURES = 2;

    private final OverlayFabric overlay;
    private final Mux mux;
    private final Map<String, VipState> vips = new LinkedHashMap<>();

    private static final class VipState {
        final Mux.Vip vip;
        final int backendPort;
        String httpPath;
        final List<PortImpl> ports = new ArrayList<>();
        final List<Mux.Backend> backends = new ArrayList<>();
        final int[] failures;

        VipState(Mux.Vip vip, int backendPort, int n) {
            this.vip = vip;
            this.backendPort = backendPort;
            this.failures = new int[n];
        }
    }

    /**
     * @param overlay the overlay whose virtual networks get VIPs
     * @param underlay the provider network the mux attaches to
     * @param muxProviderAddress the mux's provider address
     */
    public SoftwareLoadBalancer(OverlayFabric overlay, Underlay underlay, Ipv4Address muxProviderAddress) {
        this.overlay = overlay;
        this.mux = new Mux(underlay, muxProviderAddress.value());
        overlay.addExternalProvider(muxProviderAddress);
        for (HostAgent h : overlay.hosts()) {
            h.addMux(muxProviderAddress.value());
        }
    }

    /** @return the mux */
    public Mux mux() {
        return mux;
    }

    /**
     * Load balances {@code vip:vipPort} (TCP or UDP) of a virtual network over backend ports.
     *
     * @param name the VIP rule's name
     * @param virtualNetwork the network
     * @param vip the VIP, a customer address of the network no port uses
     * @param vipMac the MAC clients resolve the VIP to
     * @param protocol 6 (TCP) or 17 (UDP)
     * @param vipPort the VIP's port
     * @param backendPort the backends' port
     * @param backendPorts the vPorts of the backends (DIPs)
     */
    public synchronized void createVip(String name, String virtualNetwork, Ipv4Address vip, MacAddress vipMac,
            int protocol, int vipPort, int backendPort, List<String> backendPorts) {
        if (vips.containsKey(name)) {
            throw new FabricException(ErrorCode.ALREADY_EXISTS, "VIP rule '" + name + "' already exists");
        }
        if (protocol != 6 && protocol != 17) {
            throw FabricException.invalid("protocol", "a VIP rule is TCP or UDP");
        }
        if (backendPorts.isEmpty()) {
            throw FabricException.invalid("backends", "a VIP needs at least one backend");
        }
        VirtualNetworkSpec spec = null;
        for (VirtualNetworkSpec v : overlay.networks()) {
            if (v.name().equals(virtualNetwork)) {
                spec = v;
            }
        }
        if (spec == null) {
            throw FabricException.notFound("virtual network", virtualNetwork);
        }
        List<PortImpl> ports = new ArrayList<>();
        List<Mux.Backend> backends = new ArrayList<>();
        for (String b : backendPorts) {
            PortImpl p = overlay.portImpl(b);
            if (!p.spec().virtualNetwork().equals(virtualNetwork)) {
                throw FabricException.invalid("backends", "port '" + b + "' is not in '" + virtualNetwork + "'");
            }
            ports.add(p);
            backends.add(new Mux.Backend(b, p.address(), p.mac(), p.host().providerAddress()));
        }
        overlay.map(new AddressMapping(virtualNetwork, vip, vipMac, new Ipv4Address(mux.providerAddress())));
        for (HostAgent h : overlay.hosts()) {
            h.addVip(spec.vni(), vip.value());
            h.addLoadBalancedVip(spec.vni(), protocol, vip.value(), vipPort, backendPort);
        }
        VipState state = new VipState(mux.addVip(spec.vni(), protocol, vip.value(), vipPort, backends), backendPort,
                backends.size());
        state.ports.addAll(ports);
        state.backends.addAll(backends);
        vips.put(name, state);
    }

    /**
     * An outbound rule: the backends' connections to addresses of the public network leave with the
     * VIP as their source (SNAT), each backend with its own range of {@code portsPerBackend} ports
     * from 1024 up; the mux forwards the replies by port range.
     *
     * @param publicNetwork the network the VIP and the remote addresses are in
     * @param vip the VIP, a free address of the public network
     * @param vipMac its MAC
     * @param portsPerBackend ports per backend, 1-1024
     * @param backendPorts the backends' vPorts
     */
    public synchronized void addOutboundRule(String publicNetwork, Ipv4Address vip, MacAddress vipMac,
            int portsPerBackend, List<String> backendPorts) {
        VirtualNetworkSpec pub = network(publicNetwork);
        if (portsPerBackend < 1 || portsPerBackend > 1024 || 1024 + (long) portsPerBackend * backendPorts.size() > 65536) {
            throw FabricException.invalid("portsPerBackend", portsPerBackend + " ports for " + backendPorts.size()
                    + " backends do not fit 1024-65535");
        }
        List<PortImpl> ports = new ArrayList<>();
        for (String b : backendPorts) {
            ports.add(overlay.portImpl(b));
        }
        overlay.map(new AddressMapping(publicNetwork, vip, vipMac, new Ipv4Address(mux.providerAddress())));
        for (HostAgent h : overlay.hosts()) {
            h.addVip(pub.vni(), vip.value());
        }
        for (int i = 0; i < ports.size(); i++) {
            PortImpl p = ports.get(i);
            int first = 1024 + i * portsPerBackend;
            int last = first + portsPerBackend - 1;
            p.host().addOutboundRule(p.vni(), p.address(), pub.vni(), vip.value(), vipMac.value(), first, last);
            mux.addSnatRange(pub.vni(), vip.value(), new Mux.SnatRange(first, last, p.host().providerAddress(), p.mac()));
        }
    }

    private VirtualNetworkSpec network(String name) {
        for (VirtualNetworkSpec v : overlay.networks()) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw FabricException.notFound("virtual network", name);
    }

    /**
     * Probes a VIP rule's backends by HTTP ({@code GET path} must answer 200) instead of TCP.
     *
     * @param name the VIP rule
     * @param path the path, starting with {@code /}
     */
    public synchronized void probeHttp(String name, String path) {
        VipState s = vips.get(name);
        if (s == null) {
            throw FabricException.notFound("VIP rule", name);
        }
        if (path == null || !path.startsWith("/") || path.contains(" ") || path.length() > 200) {
            throw FabricException.invalid("path", "an HTTP probe path starts with / and has no spaces");
        }
        s.httpPath = path;
    }

    /**
     * One probe round: every backend of every VIP is probed (TCP SYN to its backend port).
     *
     * @return backends whose health changed
     */
    public synchronized int probe() {
        int changed = 0;
        for (VipState s : vips.values()) {
            for (int i = 0; i < s.ports.size(); i++) {
                PortImpl p = s.ports.get(i);
                boolean ok = p.isAttached() && (s.httpPath == null ? p.host().probeTcp(p, s.backendPort)
                        : p.host().probeHttp(p, s.backendPort, s.httpPath));
                Mux.Backend b = s.backends.get(i);
                boolean was = b.healthy;
                if (ok) {
                    s.failures[i] = 0;
                    mux.setHealthy(s.vip, b, true);
                } else if (++s.failures[i] >= PROBE_FAILURES) {
                    mux.setHealthy(s.vip, b, false);
                }
                changed += was != b.healthy ? 1 : 0;
            }
        }
        return changed;
    }

    /** @return the VIP rules' names, in creation order */
    public synchronized List<String> names() {
        return List.copyOf(vips.keySet());
    }

    /**
     * @param name a VIP rule
     * @return each backend port's health, in pool order
     */
    public synchronized Map<String, Boolean> health(String name) {
        VipState s = vips.get(name);
        if (s == null) {
            throw FabricException.notFound("VIP rule", name);
        }
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Mux.Backend b : s.backends) {
            out.put(b.name, b.healthy);
        }
        return out;
    }
}
