package fabric.sdn.controller.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.journal.Journal;
import fabric.api.network.Encapsulation;
import fabric.api.network.Firewall;
import fabric.api.network.FrameSink;
import fabric.api.network.VPort;
import fabric.api.network.LoadBalancers;
import fabric.api.network.VirtualNetworkSpec;
import java.util.ArrayList;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.VirtualNetworks;
import fabric.api.network.controller.NetworkController;
import fabric.api.network.controller.NetworkResource;
import fabric.api.network.controller.NetworkResourceChanged;
import fabric.api.network.controller.NodePolicyStatus;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import fabric.api.topology.MembershipListener;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStateChanged;
import fabric.api.topology.Topology;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The network controller as a DS component: replays its journaled desired state, pushes each node's
 * policy through the data plane's {@link VirtualNetworks} and {@link Firewall} services, follows
 * membership (a node that returns is reconciled), reconciles periodically, and serves the ARM-shaped
 * REST API.
 */
@Component(configurationPid = ControllerConfig.PID, service = NetworkController.class)
@Designate(ocd = ControllerConfig.class)
public final class NetworkControllerComponent implements NetworkController {

    private static final Logger LOG = Logger.getLogger(NetworkControllerComponent.class.getName());

    private final ControllerCore core;
    /** Which VM holds which network interface (the VM binder), when it runs. */
    private volatile NicHolders holders;
    private final DataPlaneSouthbound southbound;
    private final RestServer rest;
    private final ScheduledExecutorService timer;
    private final ServiceRegistration<MembershipListener> listener;

    /**
     * @param journal where desired-state changes are made durable and replayed from
     * @param topology the nodes
     * @param networks the data plane's virtual networks
     * @param firewall the data plane's firewall
     * @param loadBalancers the data plane's software load balancer
     * @param config the REST port, public pool, VNI base and reconcile interval
     * @param context to register the membership listener
     * @throws FabricException {@code UNAVAILABLE} when the REST port cannot be bound
     */
    @Activate
    public NetworkControllerComponent(@Reference(name = "journal") Journal journal,
            @Reference(name = "topology") Topology topology, @Reference(name = "networks") VirtualNetworks networks,
            @Reference(name = "firewall") Firewall firewall,
            @Reference(name = "loadBalancers") LoadBalancers loadBalancers, ControllerConfig config,
            BundleContext context) {
        List<NodeId> nodes = topology.region().nodes().stream().map(NodeSpec::id).toList();
        List<Ipv4Prefix> publicSpace = new ArrayList<>();
        publicSpace.add(Ipv4Prefix.parse(config.publicPool()));
        for (String p : config.outsidePrefixes().split(",")) {
            if (!p.isBlank()) {
                publicSpace.add(Ipv4Prefix.parse(p.strip()));
            }
        }
        PolicyCompiler compiler = new PolicyCompiler(nodes, networks.providerAddresses(), new VirtualNetworkSpec(
                config.publicNetwork(), config.publicVni(), publicSpace, Encapsulation.VXLAN));
        this.southbound = new DataPlaneSouthbound(networks, firewall, loadBalancers);
        this.core = new ControllerCore(compiler, southbound,
                e -> journal.append(NetworkResourceChanged.TYPE, e), Ipv4Prefix.parse(config.publicPool()),
                config.vniBase());
        long replayed = journal.replay(0, r -> r.as(NetworkResourceChanged.TYPE).ifPresent(core::replay));
        for (NodeId n : nodes) {
            NodeState s = topology.status(n).state();
            if (s == NodeState.DOWN || s == NodeState.ISOLATED) {
                core.nodeDown(n);
            }
        }
        core.reconcile();
        LOG.info("network controller at desired-state version " + core.version() + " (" + replayed
                + " journal records read)");
        RestServer server = null;
        if (config.port() >= 0) {
            try {
                server = new RestServer(this, config.host(), config.port());
                LOG.info("network controller REST API on " + server.uri());
            } catch (IOException e) {
                throw new FabricException(ErrorCode.UNAVAILABLE, "network controller: cannot bind " + config.host()
                        + ":" + config.port() + ": " + e.getMessage(), e);
            }
        }
        this.rest = server;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fabric-nc-reconcile");
            t.setDaemon(true);
            return t;
        });
        // Registered here rather than as a component service: the topology's component binds every
        // listener while it activates, and this component needs the topology (a reference cycle).
        this.listener = context.registerService(MembershipListener.class, (change, quorum) -> nodeStateChanged(change),
                null);
        int every = Math.max(1, config.reconcileSeconds());
        timer.scheduleWithFixedDelay(core::reconcile, every, every, TimeUnit.SECONDS);
    }

    /** Stops the REST server and the reconcile timer. */
    @Deactivate
    void deactivate() {
        try {
            listener.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
        timer.shutdownNow();
        if (rest != null) {
            rest.close();
        }
    }

    /**
     * Follows membership: a node that goes down is not pushed to,
     * one that returns is reconciled.
     *
     * @param change what changed
     */
    void nodeStateChanged(NodeStateChanged change) {
        NodeId node = NodeId.of(change.node());
        if (change.to() == NodeState.DOWN || change.to() == NodeState.ISOLATED) {
            core.nodeDown(node);
        } else if (change.from() == NodeState.DOWN || change.from() == NodeState.ISOLATED) {
            if (core.markUp(node)) {
                timer.execute(core::reconcile);
            }
        }
    }

    @Override
    public NetworkResource put(ResourceId id, String json, String ifMatch, String ifNoneMatch) {
        return core.put(id, json, ifMatch, ifNoneMatch);
    }

    @Override
    public Optional<NetworkResource> get(ResourceId id) {
        return core.get(id);
    }

    @Override
    public List<NetworkResource> list(String subscription, String resourceGroup, ResourceType type) {
        return core.list(subscription, resourceGroup, type);
    }

    /**
     * Tells the controller who holds its network interfaces (the VM binder of this bundle, handed over
     * directly: a service would make a reference cycle with the binder's own need of this one).
     *
     * @param h the holders, or {@code null} when the binder goes away
     */
    public void holders(NicHolders h) {
        this.holders = h;
    }

    @Override
    public boolean delete(ResourceId id, String ifMatch) {
        NicHolders h = holders;
        if (id.type() == ResourceType.NETWORK_INTERFACE && h != null) {
            Optional<String> vm = h.holder(id.name());
            if (vm.isPresent() && get(id).isPresent()) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "network interface " + id.name()
                        + " is held by vm " + vm.get() + "; delete the VM first");
            }
        }
        return core.delete(id, ifMatch);
    }

    @Override
    public long version() {
        return core.version();
    }

    @Override
    public List<NodePolicyStatus> status() {
        return core.status();
    }

    @Override
    public int reconcile() {
        return core.reconcile();
    }

    @Override
    public VPort plug(ResourceId networkInterface, FrameSink vnic) {
        if (networkInterface.type() != ResourceType.NETWORK_INTERFACE || core.get(networkInterface).isEmpty()) {
            throw FabricException.notFound("network interface", networkInterface.path());
        }
        return southbound.plug(networkInterface.name(), vnic);
    }

    @Override
    public boolean unplug(ResourceId networkInterface) {
        return southbound.unplug(networkInterface.name());
    }

    @Override
    public Optional<URI> endpoint() {
        return rest == null ? Optional.empty() : Optional.of(rest.uri());
    }
}
