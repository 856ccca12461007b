package fabric.lifecycle.internal;

import fabric.api.compute.NodeAllocation;
import fabric.api.storage.DiskState;
import fabric.api.storage.DiskStatus;
import fabric.api.topology.DiskMedia;
import fabric.api.topology.DiskRole;

import fabric.api.compute.ComputeService;
import fabric.api.compute.DrainReport;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.journal.EventType;
import fabric.api.journal.Journal;
import fabric.api.lifecycle.RunSettings;
import fabric.api.oem.PackageDescriptor;
import fabric.api.storage.Layout;
import fabric.api.storage.Resiliency;
import fabric.api.storage.StoragePool;
import fabric.api.storage.StorageService;
import fabric.api.storage.VolumeHealth;
import fabric.api.storage.VolumeStatus;
import fabric.api.topology.Membership;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.NodeHealth;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import fabric.api.compute.VmPriority;
import fabric.api.compute.VmSpec;
import fabric.api.compute.VmState;
import fabric.api.compute.VmStatus;
import fabric.api.core.ByteSize;
import oem.kit.tool.PackageBuilder;
import oem.kit.tool.VendorFixture;

/**
 * An update run over a test scale unit of Dell AX-760 nodes, built by hand: a journal (in memory or
 * in a file that survives a kill), the real lifecycle component and Dell provider, and fakes of the
 * membership, compute and storage services whose state changes are journaled too (so a restarted
 * fixture stands where the killed one stood). Fakes count what they were asked to do.
 */
final class RunFixture {

    /** A node's state set by the fake membership; {@code drained} when the fake compute's drain set it. */
    record NodeStateSet(String node, NodeState state, boolean drained) {
        static final EventType<NodeStateSet> TYPE = EventType.of("test.node-state-set", NodeStateSet.class);
    }

    /** The call of a {@link #hook}: journaled once per call key, as an idempotent operator's script acts. */
    record HookCalled(String key, String phase, String node, int attempt) {
        static final EventType<HookCalled> TYPE = EventType.of("test.hook-called", HookCalled.class);
    }

    static final VendorFixture DELL = Providers.DELL;

    /** The registered hooks; {@link #hook} is registered as {@code audit}. */
    final HookRegistry hooks = new HookRegistry();
    /** How the engine starts hook calls: inline on the run's thread unless a test sets it. */
    HookCalls.Launcher launcher = (name, call) -> call.run();
    /** A hook that journals each call key once (what it finds journaled already, it does not do again). */
    final fabric.api.lifecycle.UpdateHook hook;

    final Journal journal;
    final TestTopology topology;
    final LifecycleComponent lifecycle;
    final Providers.Registered dell;
    final RunEngine engine;
    final Membership membership;
    final ComputeService compute;
    final StorageService storage;
    boolean reserveHeld = true;
    long vcpuCapacity = 64;
    boolean refuseExit;
    int maxOut;
    String drainRefusal;
    String stuckVm;
    java.util.function.Consumer<NodeId> beforeDrain = n -> { };
    int drains;
    final List<String> stopped = new java.util.ArrayList<>();
    int resyncPolls;
    int resyncLeft;
    VolumeHealth volumeHealth = VolumeHealth.HEALTHY;

    RunFixture(Journal journal, int nodes, Clock clock) {
        this(journal, nodes, clock, null);
    }

    /** @param bmcFile the BMC file naming the nodes driven over Redfish, or {@code null} */
    RunFixture(Journal journal, int nodes, Clock clock, Path bmcFile) {
        this.journal = journal;
        this.topology = new TestTopology("dell", "AX-760", nodes);
        journal.replay(0, r -> r.as(NodeStateSet.TYPE).ifPresent(e -> topology.set(e.node(), e.state())));
        this.membership = proxy(Membership.class, (name, args) -> switch (name) {
            case "enterMaintenance" -> setState((NodeId) args[0], NodeState.MAINTENANCE, false);
            case "exitMaintenance" -> {
                if (refuseExit) {
                    throw new FabricException(ErrorCode.FAILED_PRECONDITION, args[0] + " cannot leave maintenance");
                }
                NodeStatus s = setState((NodeId) args[0], NodeState.UP, false);
                resyncLeft = resyncPolls;
                yield s;
            }
            default -> throw new UnsupportedOperationException(name);
        });
        this.compute = proxy(ComputeService.class, (name, args) -> switch (name) {
            case "failoverReserveHeld" -> reserveHeld;
            case "allocations" -> topology.statuses(TestTopology.SU).stream().map(st -> new NodeAllocation(st.node(),
                    st.state(), vcpuCapacity, 0, 256L << 30, 0, 0)).toList();
            case "list" -> stuckVm == null ? List.of() : List.of(new VmStatus(new VmSpec(stuckVm, 2,
                    ByteSize.ofGiB(4), List.of(), List.of(), Optional.empty(), VmPriority.MEDIUM, Optional.empty(),
                    Optional.empty()), VmState.RUNNING, Optional.of(NodeId.of("node-1")), "", Instant.EPOCH, -1, -1));
            case "stop" -> {
                stopped.add((String) args[0]);
                stuckVm = null;
                drainRefusal = null;
                yield null;
            }
            case "drainNode" -> {
                NodeId n = (NodeId) args[0];
                if (topology.status(n).state() != NodeState.UP) {
                    throw new FabricException(ErrorCode.FAILED_PRECONDITION, n + " is not up");
                }
                beforeDrain.accept(n);
                drains++;
                if (drainRefusal != null) {
                    throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, drainRefusal);
                }
                setState(n, NodeState.MAINTENANCE, true);
                yield new DrainReport(n, List.of());
            }
            default -> throw new UnsupportedOperationException(name);
        });
        StoragePool pool = proxy(StoragePool.class, (name, args) -> switch (name) {
            case "volumes" -> List.of(volume());
            case "faultDomains" -> topology.statuses(TestTopology.SU).size();
            case "disks" -> disks();
            case "maintenanceImpact" -> StorageFakes.impact((NodeId) args[0], List.of(volume()), disks());
            default -> throw new UnsupportedOperationException(name);
        });
        this.storage = proxy(StorageService.class, (name, args) -> switch (name) {
            case "pool" -> pool;
            default -> throw new UnsupportedOperationException(name);
        });
        this.lifecycle = new LifecycleComponent(topology, journal, clock, new LifecycleComponent.Settings(1024,
                java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(30), bmcFile));
        this.dell = Providers.register(lifecycle.registry(), DELL.data());
        java.util.Set<String> called = new java.util.HashSet<>();
        journal.replay(0, r -> r.as(HookCalled.TYPE).ifPresent(e -> called.add(e.key())));
        this.hook = new fabric.api.lifecycle.UpdateHook() {
            @Override
            public void beforeUpdate(fabric.api.lifecycle.HookContext c) {
                if (called.add(c.key())) {
                    journal.append(HookCalled.TYPE, new HookCalled(c.key(), "pre", c.node().value(), c.attempt()));
                }
            }

            @Override
            public void afterUpdate(fabric.api.lifecycle.HookContext c) {
                if (called.add(c.key())) {
                    journal.append(HookCalled.TYPE, new HookCalled(c.key(), "post", c.node().value(), c.attempt()));
                }
            }
        };
        hooks.add("audit", hook, "test 1.0.0", 1, 0);
        this.engine = new RunEngine(journal, topology, membership, compute, storage, lifecycle.registry(),
                lifecycle.baseboards(), lifecycle.engine(), clock, hooks, (name, call) -> launcher.launch(name, call));
    }

    private List<DiskStatus> disks() {
        return topology.statuses(TestTopology.SU).stream().map(st -> new DiskStatus(st.node().value(), "d0",
                DiskMedia.SSD, DiskRole.CAPACITY, "/dev/d0", 1L << 30, 1 << 20, st.state() == NodeState.UP
                        ? DiskState.ONLINE : DiskState.FAILED, "")).toList();
    }

    private VolumeStatus volume() {
        VolumeHealth h = volumeHealth;
        if (h == VolumeHealth.HEALTHY && resyncLeft > 0) {
            resyncLeft--;
            h = VolumeHealth.RESYNCING;
        }
        return new VolumeStatus("vol-1", Resiliency.TWO_WAY_MIRROR, new Layout(1, 1), 1 << 20, 1 << 20, 1, 2 << 20,
                h == VolumeHealth.HEALTHY ? 0 : 4096, h, h == VolumeHealth.HEALTHY ? "" : "stale regions");
    }

    private NodeStatus setState(NodeId node, NodeState state, boolean drained) {
        NodeState now = topology.status(node).state();
        if (state == NodeState.MAINTENANCE && now != NodeState.UP
                || state == NodeState.UP && now != NodeState.MAINTENANCE) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, node + " is " + now);
        }
        journal.append(NodeStateSet.TYPE, new NodeStateSet(node.value(), state, drained));
        topology.set(node.value(), state);
        maxOut = Math.max(maxOut, (int) topology.statuses(TestTopology.SU).stream()
                .filter(st -> st.state() != NodeState.UP).count());
        return new NodeStatus(node, state, NodeHealth.HEALTHY, Instant.EPOCH, "");
    }

    interface Handler {
        Object call(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Handler handler) {
        return (T) Proxy.newProxyInstance(RunFixture.class.getClassLoader(), new Class<?>[] {type},
                (p, m, args) -> switch (m.getName()) {
                    case "toString" -> "fake " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> handler.call(m.getName(), args == null ? new Object[0] : args);
                });
    }

    /** Writes every package of the Dell catalog, signed, into a directory. */
    static Path packages(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (PackageDescriptor p : DELL.data().catalog().packages()) {
            Files.write(dir.resolve(p.packageId() + ".fwpkg"), PackageBuilder.of(p).signedWith(DELL.key()).build());
        }
        return dir;
    }

    static RunSettings settings(Path dir) {
        return RunSettings.defaults(dir.toString());
    }

    /** @return the defaults with the {@code audit} hook called before and after each node */
    static RunSettings hookedSettings(Path dir) {
        return settings(dir).withHooks(List.of("audit"), List.of("audit"), java.time.Duration.ofMinutes(5));
    }

    /** @return every node's BMC inventory and state, one line each */
    String nodes() {
        StringBuilder sb = new StringBuilder();
        for (var n : topology.scaleUnit(TestTopology.SU).nodes()) {
            sb.append(n.id()).append(' ').append(topology.status(n.id()).state()).append(' ')
                    .append(lifecycle.baseboards().simulated(n.id(), DELL.profile("AX-760")).inventory()).append('\n');
        }
        return sb.toString();
    }

    /** Ticks the engine until it stops moving; at most {@code limit} ticks. */
    int drive(int limit) {
        int ticks = 0;
        while (ticks < limit && engine.tick()) {
            ticks++;
        }
        return ticks;
    }
}
