package fabric.sdn.internal;

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
import fabric.api.topology.NodeSpec;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.StampSpec;
import fabric.api.topology.Topology;
import fabric.sdn.internal.firewall.DistributedFirewall;
import fabric.sdn.internal.overlay.OverlayFabric;
import fabric.sdn.internal.slb.SoftwareLoadBalancer;
import fabric.sdn.internal.state.NetworkState;
import fabric.api.journal.Journal;
import fabric.sdn.internal.underlay.SimulatedUnderlay;
import fabric.sdn.internal.underlay.UdpUnderlay;
import fabric.sdn.internal.underlay.Underlay;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The overlay data plane of every node of the topology, as the {@link VirtualNetworks} service:
 * with the distributed firewall on every host's data path ({@link FirewallComponent}):
 * one host agent per node, a real UDP underlay (one socket per node host; or, configured, the
 * in-process top-of-rack switch with its per-priority queues and congestion PFC), and one data-path
 * thread (an Agrona agent with a back-off idle strategy) that receives the underlay's datagrams,
 * and the software load balancer's mux on the provider prefix's last usable address. Networks,
 * mappings and security groups are journaled and replayed at start ({@link NetworkState}).
 */
@Component(configurationPid = NetworkConfig.PID, service = {VirtualNetworks.class, NetworkComponent.class})
@Designate(ocd = NetworkConfig.class)
public final class NetworkComponent implements VirtualNetworks {

    /** The framework property that picks the underlay ({@code udp} or {@code simulated}) over the configuration. */
    public static final String UNDERLAY_PROPERTY = "fabric.sdn.underlay";

    private final OverlayFabric fabric;
    private final DistributedFirewall firewall;
    private final SoftwareLoadBalancer loadBalancer;
    private final NetworkState state;
    private final AgentRunner runner;
    private final AtomicLong errors = new AtomicLong();
    private final TeamRouting teams;
    private final int tunnelPriority;

    /**
     * @param topology where the nodes come from
     * @param config provider prefix and underlay address
     * @param context where the {@value #UNDERLAY_PROPERTY} framework property is read
     */
    @Activate
    public NetworkComponent(@Reference(name = "topology") Topology topology,
            @Reference(name = "journal") Journal journal, NetworkConfig config, BundleContext context) {
        this.tunnelPriority = config.tunnelPriority();
        if (tunnelPriority < 0 || tunnelPriority > 7) {
            throw FabricException.invalid("tunnelPriority", tunnelPriority + " is not 0-7");
        }
        List<NodeId> nodes = new ArrayList<>();
        for (StampSpec stamp : topology.region().stamps()) {
            for (ScaleUnitSpec su : stamp.scaleUnits()) {
                for (NodeSpec node : su.nodes()) {
                    nodes.add(node.id());
                }
            }
        }
        InetAddress bind;
        try {
            bind = InetAddress.getByName(config.underlayAddress());
        } catch (UnknownHostException e) {
            throw FabricException.invalid("underlayAddress", "'" + config.underlayAddress() + "' is not an address");
        }
        Ipv4Prefix prefix;
        try {
            prefix = Ipv4Prefix.parse(config.providerPrefix());
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid("providerPrefix", e.getMessage());
        }
        String kind = context == null ? null : context.getProperty(UNDERLAY_PROPERTY);
        Underlay underlay = underlay(kind == null ? config.underlay() : kind, bind, config.losslessPriorities());
        this.fabric = new OverlayFabric(nodes, prefix, underlay, Clock.systemUTC());
        this.firewall = new DistributedFirewall(fabric, System::nanoTime);
        // The mux takes the provider prefix's last usable address.
        int mux = prefix.address().value() + (int) ((1L << (32 - prefix.length())) - 2);
        this.loadBalancer = new SoftwareLoadBalancer(fabric, underlay, new Ipv4Address(mux));
        this.state = new NetworkState(fabric, firewall, journal);
        state.loadBalancer(loadBalancer);
        this.teams = new TeamRouting(fabric);
        state.replay();
        ErrorHandler onError = t -> errors.incrementAndGet();
        this.runner = new AgentRunner(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000), onError, null,
                new Agent() {
                    @Override
                    public int doWork() {
                        return fabric.poll();
                    }

                    @Override
                    public String roleName() {
                        return "fabric-sdn-datapath";
                    }
                });
        AgentRunner.startOnThread(runner);
    }

    /** Makes the provider network the configuration names; bad settings are refused before anything starts. */
    static Underlay underlay(String kind, InetAddress bind, String lossless) {
        if (kind.equalsIgnoreCase("simulated")) {
            List<Integer> priorities = new ArrayList<>();
            for (String p : lossless.split(",")) {
                if (p.isBlank()) {
                    continue;
                }
                try {
                    int v = Integer.parseInt(p.trim());
                    if (v < 0 || v > 7) {
                        throw new NumberFormatException();
                    }
                    priorities.add(v);
                } catch (NumberFormatException e) {
                    throw FabricException.invalid("losslessPriorities", "'" + p.trim() + "' is not a priority 0-7");
                }
            }
            SimulatedUnderlay simulated = new SimulatedUnderlay(System::nanoTime, 1);
            simulated.lossless(priorities);
            return simulated;
        }
        if (!kind.equalsIgnoreCase("udp")) {
            throw FabricException.invalid("underlay", "'" + kind + "' is not udp or simulated");
        }
        return new UdpUnderlay(bind, 0);
    }

    /** @param service the nodes' teams: every host's tunnel endpoint sends through its node's team */
    @Reference(name = "teams", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindTeams")
    void bindTeams(fabric.api.teaming.TeamEgress service) {
        teams.connect(service, tunnelPriority);
    }

    void unbindTeams(fabric.api.teaming.TeamEgress service) {
        teams.disconnect(service);
    }

    /** @return how the hosts are routed through their nodes' teams */
    public TeamRouting teams() {
        return teams;
    }

    @Deactivate
    void deactivate() {
        runner.close();
        fabric.close();
    }

    /** @return the overlay itself, for the shell's diagnostics in this bundle */
    public OverlayFabric overlay() {
        return fabric;
    }

    /** @return the distributed firewall on this overlay's hosts */
    public DistributedFirewall firewall() {
        return firewall;
    }

    /** @return the journaled configuration (networks, mappings, security groups) */
    public NetworkState state() {
        return state;
    }

    /** @return the software load balancer (its mux and the hosts' NAT) on this overlay */
    public SoftwareLoadBalancer loadBalancer() {
        return loadBalancer;
    }

    /** @return errors the data-path thread caught */
    public long dataPathErrors() {
        return errors.get();
    }

    @Override
    public void create(VirtualNetworkSpec spec) {
        state.create(spec);
    }

    @Override
    public void delete(String name) {
        state.delete(name);
    }

    @Override
    public List<VirtualNetworkSpec> networks() {
        return fabric.networks();
    }

    @Override
    public void map(AddressMapping mapping) {
        state.map(mapping);
    }

    @Override
    public List<AddressMapping> mappings(String virtualNetwork) {
        return fabric.mappings(virtualNetwork);
    }

    @Override
    public VPort attach(VPortSpec spec, FrameSink sink) {
        VPort port = fabric.attach(spec, sink);
        // A load balancer's backend that was waiting for this port joins now.
        loadBalancer.resolve();
        return port;
    }

    @Override
    public void detach(String port) {
        fabric.detach(port);
        loadBalancer.resolve();
    }

    @Override
    public Optional<VPort> port(String port) {
        return fabric.port(port);
    }

    @Override
    public List<VPort> ports() {
        return fabric.ports();
    }

    @Override
    public Ipv4Address providerAddress(NodeId node) {
        return fabric.providerAddress(node);
    }

    @Override
    public Map<NodeId, Ipv4Address> providerAddresses() {
        return fabric.providerAddresses();
    }

    @Override
    public void capture(String portOrNode, Path file) {
        fabric.capture(portOrNode, file);
    }

    @Override
    public long stopCapture(String portOrNode) {
        return fabric.stopCapture(portOrNode);
    }

    @Override
    public Map<String, Long> drops() {
        return fabric.drops();
    }
}
