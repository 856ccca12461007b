package fabric.s2d.internal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.storage.DiskState;
import fabric.api.storage.DiskStatus;
import fabric.api.storage.NbdExport;
import fabric.api.storage.Progress;
import fabric.api.storage.StoragePool;
import fabric.api.storage.StorageService;
import fabric.api.storage.VolumeStatus;
import fabric.api.topology.MembershipListener;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStateChanged;
import fabric.api.topology.QuorumStatus;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.StampSpec;
import fabric.api.topology.Topology;
import fabric.s2d.internal.nbd.NbdServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The storage engine as a service: one {@link FilePool} per scale unit of the topology over its
 * nodes' disks (files under {@code ${fabric.data}/disks/<node>/<disk>}), an NBD server on the
 * loopback address (started at the first export), resync when a node comes back, and the scheduled
 * scrub. Its {@link MembershipListener} fails the disks of a node that goes down or is isolated, and
 * returns and resyncs them when it is up again; a node entering maintenance puts its disks into
 * storage maintenance (unless a volume would go offline) and they are resynced when it leaves. The listener is registered once the component is
 * active rather than declared as a service of the component: the topology component binds every
 * listener while it activates, and this component needs the topology, so a declared listener would
 * be a reference cycle.
 */
@Component(configurationPid = StorageConfig.PID, service = StorageService.class)
@Designate(ocd = StorageConfig.class)
public final class StorageComponent implements StorageService {

    private static final String NODE_DOWN = "node down";

    private final Map<ScaleUnitId, FilePool> pools = new LinkedHashMap<>();
    private final Map<String, NbdExport> exports = new TreeMap<>();
    private final int nbdPort;
    private final ScheduledExecutorService background;
    /** Runs the cache tier's rounds; null when turned off. */
    private final ScheduledExecutorService tier;
    private NbdServer nbd;
    private ServiceRegistration<MembershipListener> listener;

    /**
     * @param topology the scale units and their nodes' disks
     * @param journal where storage events are recorded
     * @param config geometry, schedule, port
     * @param context for the framework property {@code fabric.data}
     * @throws FabricException {@code INTERNAL} when a pool cannot be opened or the NBD port bound
     */
    @Activate
    public StorageComponent(@Reference(name = "topology") Topology topology, @Reference(name = "journal") Journal journal,
            StorageConfig config, BundleContext context) {
        this(topology, journal, config, directory(config.disks(), context.getProperty("fabric.data")),
                port(config.nbdPort(), context.getProperty(NBD_PORT_PROPERTY)));
        listener = context.registerService(MembershipListener.class, this::nodeStateChanged, null);
    }

    /** The framework property that overrides the configured NBD port. */
    public static final String NBD_PORT_PROPERTY = "fabric.nbd.port";

    StorageComponent(Topology topology, Journal journal, StorageConfig config, Path disks, int nbdPort) {
        this(topology, journal, config, disks, nbdPort, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fabric-s2d-background");
            t.setDaemon(true);
            return t;
        }));
    }

    /**
     * @param background runs resyncs and the scheduled scrub; the component shuts it down
     */
    StorageComponent(Topology topology, Journal journal, StorageConfig config, Path disks, int nbdPort,
            ScheduledExecutorService background) {
        this.nbdPort = nbdPort;
        Geometry geometry = new Geometry(config.extentBytes(), config.interleaveBytes(), config.regionBytes(),
                config.metadataSlotBytes());
        for (StampSpec stamp : topology.region().stamps()) {
            for (ScaleUnitSpec su : stamp.scaleUnits()) {
                pools.put(su.id(), new FilePool(su.id(), su.nodes(), disks, geometry, journal,
                        (long) config.resyncMegabytesPerSecond() << 20, config.writeQueueBytes()));
            }
        }
        this.background = background;
        Tiering.Policy policy;
        try {
            policy = new Tiering.Policy((long) config.destageMegabytesPerSecond() << 20,
                    config.cacheHighWatermarkPercent() / 100.0, config.cacheLowWatermarkPercent() / 100.0,
                    config.heatHalfLifeSeconds(), Tiering.Policy.DEFAULT.hotHeat(), Tiering.Policy.DEFAULT.coldHeat());
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid("fabric.s2d", e.getMessage());
        }
        for (FilePool p : pools.values()) {
            p.tierPolicy(policy);
        }
        if (config.tierIntervalMillis() > 0) {
            tier = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fabric-s2d-tier");
                t.setDaemon(true);
                return t;
            });
            tier.scheduleWithFixedDelay(this::tierAll, config.tierIntervalMillis(), config.tierIntervalMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            tier = null;
        }
        if (config.scrubIntervalMinutes() > 0) {
            background.scheduleWithFixedDelay(this::scrubAll, config.scrubIntervalMinutes(),
                    config.scrubIntervalMinutes(), TimeUnit.MINUTES);
        }
    }

    /**
     * @param configured the configured directory; may be empty
     * @param data the framework property {@code fabric.data}; may be {@code null}
     * @return the directory of the disk files
     */
    static Path directory(String configured, String data) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip());
        }
        return Path.of(data == null || data.isBlank() ? "fabric-data" : data.strip(), "disks");
    }

    static int port(int configured, String property) {
        if (property == null || property.isBlank()) {
            return configured;
        }
        try {
            return Integer.parseInt(property.strip());
        } catch (NumberFormatException e) {
            throw FabricException.invalid(NBD_PORT_PROPERTY, "'" + property + "' is not a port number");
        }
    }

    /** Starts the NBD server at the first export. */
    private NbdServer nbd() {
        if (nbd == null) {
            try {
                nbd = new NbdServer(nbdPort);
            } catch (IOException e) {
                throw new FabricException(ErrorCode.UNAVAILABLE, "cannot listen for NBD on port " + nbdPort + ": "
                        + e.getMessage(), e);
            }
        }
        return nbd;
    }

    @Deactivate
    synchronized void deactivate() {
        if (listener != null) {
            listener.unregister();
        }
        background.shutdownNow();
        if (tier != null) {
            // no interrupt: an interrupted thread's file I/O closes the disk's channel
            tier.shutdown();
            try {
                tier.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (nbd != null) {
            nbd.close();
        }
        for (FilePool p : pools.values()) {
            p.close();
        }
    }

    @Override
    public List<StoragePool> pools() {
        return new ArrayList<>(pools.values());
    }

    @Override
    public StoragePool pool(ScaleUnitId scaleUnit) {
        FilePool p = pools.get(scaleUnit);
        if (p == null) {
            throw FabricException.notFound("storage pool of scale unit", scaleUnit.value());
        }
        return p;
    }

    @Override
    public synchronized NbdExport export(ScaleUnitId scaleUnit, String volume) {
        StoragePool pool = pool(scaleUnit);
        VolumeStatus status = pool.volume(volume);
        if (exports.containsKey(status.name())) {
            throw new FabricException(ErrorCode.ALREADY_EXISTS, "volume '" + volume + "' is already exported");
        }
        NbdServer server = nbd();
        server.export(status.name(), pool.open(volume));
        NbdExport e = new NbdExport(status.name(), scaleUnit.value(), volume, "127.0.0.1", server.port());
        exports.put(e.name(), e);
        return e;
    }

    @Override
    public synchronized void unexport(String name) {
        if (exports.remove(name) == null) {
            throw FabricException.notFound("export", name);
        }
        nbd.unexport(name);
    }

    @Override
    public synchronized List<NbdExport> exports() {
        return new ArrayList<>(exports.values());
    }

    /**
     * Fails the disks of a node that went down or was isolated; returns and resyncs them when it is up.
     *
     * @param change the membership change
     * @param quorum the scale unit's quorum after it
     */
    void nodeStateChanged(NodeStateChanged change, QuorumStatus quorum) {
        FilePool pool = pools.get(new ScaleUnitId(change.scaleUnit()));
        if (pool == null) {
            return;
        }
        NodeId node = new NodeId(change.node());
        if (change.to() == NodeState.MAINTENANCE) {
            try {
                pool.maintenance(node, true);
            } catch (FabricException e) {
                // a volume would go offline: the node's disks stay in service while it is paused
            }
            return;
        }
        if (change.from() == NodeState.MAINTENANCE) {
            pool.maintenance(node, false);
            background.execute(() -> repairAll(pool));
        }
        boolean away = change.to() == NodeState.DOWN || change.to() == NodeState.ISOLATED;
        boolean back = change.to() == NodeState.UP
                && (change.from() == NodeState.DOWN || change.from() == NodeState.ISOLATED);
        for (DiskStatus d : pool.disks()) {
            if (!d.node().equals(node.value()) || d.role() != fabric.api.topology.DiskRole.CAPACITY) {
                continue;
            }
            if (away && d.state() == DiskState.ONLINE) {
                pool.failDisk(node, d.name(), NODE_DOWN);
            } else if (back && d.state() == DiskState.FAILED && d.reason().equals(NODE_DOWN)) {
                pool.returnDisk(node, d.name());
            }
        }
        if (back) {
            background.execute(() -> repairAll(pool));
        }
    }

    /** Waits until the background work queued so far (resyncs) is done; for tests. */
    void awaitBackground() throws Exception {
        background.submit(() -> { }).get();
    }

    private static void repairAll(FilePool pool) {
        for (VolumeStatus v : pool.volumes()) {
            try {
                pool.repair(v.name(), Progress.NONE);
            } catch (FabricException e) {
                // the volume was deleted or is offline; the next return or an operator retries
            }
        }
    }

    private void tierAll() {
        for (FilePool pool : pools.values()) {
            try {
                pool.tierTick();
            } catch (RuntimeException e) {
                // a failed drive or a deleted volume meanwhile: the next round goes on
            }
        }
    }

    private void scrubAll() {
        for (FilePool pool : pools.values()) {
            for (VolumeStatus v : pool.volumes()) {
                try {
                    pool.scrub(v.name(), Progress.NONE);
                } catch (FabricException e) {
                    // offline or deleted meanwhile: the next run tries again
                }
            }
        }
    }
}
