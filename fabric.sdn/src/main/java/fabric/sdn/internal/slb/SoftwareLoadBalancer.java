package fabric.sdn.internal.slb;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.network.AddressMapping;
import fabric.api.network.BackendHealth;
import fabric.api.network.HealthProbe;
import fabric.api.network.Ipv4Address;
import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.LoadBalancerStatus;
import fabric.api.network.LoadBalancingRule;
import fabric.api.network.MacAddress;
import fabric.api.network.ProbeProtocol;
import fabric.api.network.RuleStatus;
import fabric.api.network.VPort;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.overlay.HostAgent;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.overlay.PortImpl;
import fabric.sdn.internal.underlay.Underlay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The software load balancer's control side: each {@link LoadBalancerSpec} gets its VIP mapped to
 * the {@link Mux}'s provider address in the frontend network (so clients' packets go there), one mux
 * table per rule over the backend pool, every host agent told the rules' NAT (VIP:port to the
 * backend port, with the VIP's network for the Direct Server Return), and, with an outbound rule,
 * each backend's SNAT port range on its host and at the mux.
 *
 * <p>Backends are vPorts by name and may attach after the load balancer is applied (or after a
 * restart replayed it): {@link #resolve()} places each backend where its port is now. Health probes
 * run by the backends' host agents: {@value #PROBE_FAILURES} failed probes in a row take a backend
 * out of the rule's Maglev table, one answered probe puts it back.
 */
public final class SoftwareLoadBalancer {

    /** Consecutive failed probes that mark a backend down. */
    public static final int PROBE_FAILURES = 2;

    private final OverlayFabric overlay;
    private final Mux mux;
    private final Map<String, Balancer> balancers = new TreeMap<>();

    /** One applied load balancer. */
    private static final class Balancer {
        final LoadBalancerSpec spec;
        final int frontendVni;
        final int backendVni;
        final long vipMac;
        final List<RuleState> rules = new ArrayList<>();
        /** Per backend (pool order): the port it was placed on, or null while not attached. */
        final PortImpl[] placed;

        Balancer(LoadBalancerSpec spec, int frontendVni, int backendVni, long vipMac) {
            this.spec = spec;
            this.frontendVni = frontendVni;
            this.backendVni = backendVni;
            this.vipMac = vipMac;
            this.placed = new PortImpl[spec.backends().size()];
        }

        HealthProbe probe(String name) {
            for (HealthProbe p : spec.probes()) {
                if (p.name().equals(name)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** One rule: the mux's VIP port over the pool, with each backend's failed probes in a row. */
    private static final class RuleState {
        final LoadBalancingRule rule;
        final Mux.Vip vip;
        final List<Mux.Backend> backends;
        final int[] failures;

        RuleState(LoadBalancingRule rule, Mux.Vip vip, List<Mux.Backend> backends) {
            this.rule = rule;
            this.vip = vip;
            this.backends = backends;
            this.failures = new int[backends.size()];
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
     * @param vip a VIP
     * @return the MAC the fabric gives it: locally administered, from the address
     */
    public static MacAddress vipMac(Ipv4Address vip) {
        return new MacAddress(0x02_1B_0000_0000L | (vip.value() & 0xFFFF_FFFFL));
    }

    /**
     * Creates or replaces a load balancer; the same spec again only places backends that attached since.
     *
     * @param spec the load balancer
     * @throws FabricException as {@link fabric.api.network.LoadBalancers#apply}, changing nothing
     */
    public synchronized void apply(LoadBalancerSpec spec) {
        Balancer current = balancers.get(spec.name());
        if (current != null && current.spec.equals(spec)) {
            resolve();
            return;
        }
        VirtualNetworkSpec frontend = network("frontendNetwork", spec.frontendNetwork());
        VirtualNetworkSpec backend = network("backendNetwork", spec.backendNetwork());
        int vip = spec.frontendAddress().value();
        if (!frontend.contains(vip)) {
            throw FabricException.invalid("frontendAddress", spec.frontendAddress() + " is outside the address space of '"
                    + frontend.name() + "'");
        }
        for (Balancer b : balancers.values()) {
            if (b != current && b.frontendVni == frontend.vni() && b.spec.frontendAddress().value() == vip) {
                throw new FabricException(ErrorCode.ALREADY_EXISTS, spec.frontendAddress() + " in '" + frontend.name()
                        + "' is already the VIP of load balancer '" + b.spec.name() + "'");
            }
        }
        for (VPort p : overlay.ports()) {
            if (p.spec().virtualNetwork().equals(frontend.name()) && p.spec().address().value() == vip) {
                throw new FabricException(ErrorCode.ALREADY_EXISTS, spec.frontendAddress() + " in '" + frontend.name()
                        + "' belongs to port '" + p.spec().name() + "'");
            }
        }
        for (String name : spec.backends()) {
            Optional<VPort> p = overlay.port(name);
            if (p.isPresent() && !p.get().spec().virtualNetwork().equals(backend.name())) {
                throw FabricException.invalid("backends", "port '" + name + "' is in '"
                        + p.get().spec().virtualNetwork() + "', not in '" + backend.name() + "'");
            }
        }
        if (current != null) {
            uninstall(current);
            balancers.remove(current.spec.name());
        }
        MacAddress mac = vipMac(spec.frontendAddress());
        overlay.map(new AddressMapping(frontend.name(), spec.frontendAddress(), mac, new Ipv4Address(mux.providerAddress())));
        Balancer b = new Balancer(spec, frontend.vni(), backend.vni(), mac.value());
        for (HostAgent h : overlay.hosts()) {
            h.addVip(frontend.vni(), vip);
            for (LoadBalancingRule r : spec.rules()) {
                h.addLoadBalancedVip(backend.vni(), r.protocol().number(), vip, r.frontendPort(), r.backendPort(),
                        frontend.vni());
            }
        }
        for (LoadBalancingRule r : spec.rules()) {
            List<Mux.Backend> backends = new ArrayList<>();
            for (String name : spec.backends()) {
                Mux.Backend mb = new Mux.Backend(name, 0, 0, 0, backend.vni());
                mb.healthy = false;
                backends.add(mb);
            }
            b.rules.add(new RuleState(r, mux.addVip(frontend.vni(), r.protocol().number(), vip, r.frontendPort(), backends),
                    backends));
        }
        balancers.put(spec.name(), b);
        resolve();
    }

    /**
     * Deletes a load balancer: the VIP's mapping, mux tables, NAT and SNAT rules go.
     *
     * @param name the load balancer
     */
    public synchronized void delete(String name) {
        Balancer b = balancers.remove(name);
        if (b == null) {
            throw FabricException.notFound("load balancer", name);
        }
        uninstall(b);
    }

    private void uninstall(Balancer b) {
        int vip = b.spec.frontendAddress().value();
        for (RuleState r : b.rules) {
            mux.removeVip(b.frontendVni, r.rule.protocol().number(), vip, r.rule.frontendPort());
        }
        for (HostAgent h : overlay.hosts()) {
            for (RuleState r : b.rules) {
                h.removeLoadBalancedVip(b.backendVni, r.rule.protocol().number(), vip, r.rule.frontendPort());
            }
            h.removeVip(b.frontendVni, vip);
        }
        for (int i = 0; i < b.placed.length; i++) {
            unplaceOutbound(b, i);
        }
        mux.removeSnatRange(b.frontendVni, vip, -1);
        overlay.unmap(b.spec.frontendNetwork(), b.spec.frontendAddress());
    }

    /**
     * Places every backend where its vPort is attached now: a port that attached (or attached again
     * elsewhere) joins its rules' tables, one that went away leaves them.
     *
     * @return backends placed or unplaced
     */
    public synchronized int resolve() {
        int changed = 0;
        for (Balancer b : balancers.values()) {
            for (int i = 0; i < b.placed.length; i++) {
                String name = b.spec.backends().get(i);
                PortImpl now = null;
                Optional<VPort> p = overlay.port(name);
                if (p.isPresent() && p.get().isAttached() && p.get() instanceof PortImpl impl && impl.vni() == b.backendVni) {
                    now = impl;
                }
                if (now == b.placed[i]) {
                    continue;
                }
                changed++;
                unplaceOutbound(b, i);
                b.placed[i] = now;
                for (RuleState r : b.rules) {
                    Mux.Backend mb = r.backends.get(i);
                    r.failures[i] = 0;
                    if (now == null) {
                        mux.setHealthy(r.vip, mb, false);
                    } else {
                        mux.setHealthy(r.vip, mb, false);
                        mux.relocate(r.vip, mb, now.address(), now.mac(), now.host().providerAddress(), now.vni());
                        mux.setHealthy(r.vip, mb, true);
                    }
                }
                if (now != null && b.spec.outboundPortsPerBackend() > 0) {
                    int first = 1024 + i * b.spec.outboundPortsPerBackend();
                    int last = first + b.spec.outboundPortsPerBackend() - 1;
                    now.host().addOutboundRule(now.vni(), now.address(), b.frontendVni, b.spec.frontendAddress().value(),
                            b.vipMac, first, last);
                    mux.addSnatRange(b.frontendVni, b.spec.frontendAddress().value(),
                            new Mux.SnatRange(first, last, now.host().providerAddress(), now.mac()));
                }
            }
        }
        return changed;
    }

    private void unplaceOutbound(Balancer b, int i) {
        PortImpl was = b.placed[i];
        if (was != null && b.spec.outboundPortsPerBackend() > 0) {
            was.host().removeOutboundRule(was.vni(), was.address());
            mux.removeSnatRange(b.frontendVni, b.spec.frontendAddress().value(), 1024 + i * b.spec.outboundPortsPerBackend());
        }
    }

    private VirtualNetworkSpec network(String field, String name) {
        for (VirtualNetworkSpec v : overlay.networks()) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw new FabricException(ErrorCode.NOT_FOUND, field + ": virtual network '" + name + "' does not exist");
    }

    /**
     * One probe round: backends are placed where their ports are now, then every placed backend of
     * every rule with a probe is probed (once per probe per round).
     *
     * @return (rule, backend) pairs whose health changed
     */
    public synchronized int probe() {
        resolve();
        int changed = 0;
        for (Balancer b : balancers.values()) {
            Map<String, Boolean> answered = new HashMap<>();
            for (RuleState r : b.rules) {
                HealthProbe probe = r.rule.probe() == null ? null : b.probe(r.rule.probe());
                for (int i = 0; i < r.backends.size(); i++) {
                    PortImpl p = b.placed[i];
                    Mux.Backend mb = r.backends.get(i);
                    boolean was = mb.healthy;
                    boolean ok;
                    if (p == null || !p.isAttached()) {
                        ok = false;
                    } else if (probe == null) {
                        ok = true;
                    } else {
                        ok = answered.computeIfAbsent(probe.name() + "/" + i, k -> probe.protocol() == ProbeProtocol.TCP
                                ? p.host().probeTcp(p, probe.port()) : p.host().probeHttp(p, probe.port(), probe.path()));
                    }
                    if (ok) {
                        r.failures[i] = 0;
                        mux.setHealthy(r.vip, mb, p != null);
                    } else if (++r.failures[i] >= PROBE_FAILURES || p == null) {
                        mux.setHealthy(r.vip, mb, false);
                    }
                    changed += was != mb.healthy ? 1 : 0;
                }
            }
        }
        return changed;
    }

    /** @return every load balancer's spec, by name */
    public synchronized List<LoadBalancerSpec> specs() {
        List<LoadBalancerSpec> out = new ArrayList<>();
        balancers.values().forEach(b -> out.add(b.spec));
        return out;
    }

    /**
     * @param name a load balancer
     * @return its rules' counters and backend health
     */
    public synchronized LoadBalancerStatus status(String name) {
        Balancer b = balancers.get(name);
        if (b == null) {
            throw FabricException.notFound("load balancer", name);
        }
        List<RuleStatus> rules = new ArrayList<>();
        for (RuleState r : b.rules) {
            List<BackendHealth> health = new ArrayList<>();
            for (int i = 0; i < r.backends.size(); i++) {
                health.add(new BackendHealth(r.backends.get(i).name, b.placed[i] != null && b.placed[i].isAttached(),
                        r.backends.get(i).healthy));
            }
            rules.add(new RuleStatus(r.rule.name(), mux.forwarded(r.vip), health));
        }
        long refused = 0;
        if (b.spec.outboundPortsPerBackend() > 0) {
            java.util.Set<HostAgent> hosts = new java.util.HashSet<>();
            for (PortImpl p : b.placed) {
                if (p != null && hosts.add(p.host())) {
                    refused += p.host().snatExhausted();
                }
            }
        }
        return new LoadBalancerStatus(name, rules, refused);
    }
}
