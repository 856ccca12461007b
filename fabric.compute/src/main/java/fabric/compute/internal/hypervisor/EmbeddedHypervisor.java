package fabric.compute.internal.hypervisor;

import fabric.api.compute.GuestDevice;
import fabric.api.compute.GuestEndpoint;
import fabric.api.compute.Hypervisor;
import fabric.api.compute.HypervisorCapacity;
import fabric.api.compute.HypervisorEvent;
import fabric.api.compute.HypervisorEventKind;
import fabric.api.compute.HypervisorListener;
import fabric.api.compute.MigrationReport;
import fabric.api.compute.VmSpec;
import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The default hypervisor driver: one per node, in the fabric's JVM. It accounts the virtual
 * processors (up to the logical processors times the overcommit ratio) and memory its guests hold,
 * refuses what does not fit, runs each guest's endpoint and models live migration with a
 * {@link MigrationModel}. A guest dirties memory at a rate of its own, by default a fixed fraction of
 * its memory per second.
 */
public final class EmbeddedHypervisor implements Hypervisor {

    private final NodeId node;
    private final HypervisorCapacity capacity;
    private final MigrationModel model;
    private final double dirtyFractionPerSecond;
    private final Map<String, EmbeddedGuest> guests = new LinkedHashMap<>();
    private final Map<String, Long> dirtyRates = new HashMap<>();
    private final List<HypervisorListener> listeners = new CopyOnWriteArrayList<>();
    private long vcpusUsed;
    private long memoryUsed;

    /**
     * @param node the node it runs
     * @param capacity what the node offers
     * @param model how live migration behaves
     * @param dirtyFractionPerSecond the share of its memory a guest dirties per second unless told otherwise
     */
    public EmbeddedHypervisor(NodeId node, HypervisorCapacity capacity, MigrationModel model,
            double dirtyFractionPerSecond) {
        this.node = Objects.requireNonNull(node, "node");
        this.capacity = Objects.requireNonNull(capacity, "capacity");
        this.model = Objects.requireNonNull(model, "model");
        if (!(dirtyFractionPerSecond >= 0)) {
            throw new IllegalArgumentException("dirty fraction must not be negative");
        }
        this.dirtyFractionPerSecond = dirtyFractionPerSecond;
    }

    @Override
    public NodeId node() {
        return node;
    }

    @Override
    public HypervisorCapacity capacity() {
        return capacity;
    }

    /** @return virtual processors its guests hold */
    public synchronized long vcpusUsed() {
        return vcpusUsed;
    }

    /** @return memory its guests hold */
    public synchronized long memoryUsed() {
        return memoryUsed;
    }

    /** @return the names of its guests, in definition order */
    public synchronized List<String> guests() {
        return List.copyOf(guests.keySet());
    }

    /**
     * @param vm a guest
     * @param bytesPerSecond how fast it dirties memory from now on
     */
    public synchronized void setDirtyRate(String vm, long bytesPerSecond) {
        guest(vm);
        if (bytesPerSecond < 0) {
            throw FabricException.invalid("dirty-rate", "must not be negative");
        }
        dirtyRates.put(vm, bytesPerSecond);
    }

    /**
     * Fault injection: a running guest stops on its own. Listeners hear {@code CRASHED}.
     *
     * @param vm the guest
     */
    public void crash(String vm) {
        synchronized (this) {
            EmbeddedGuest g = guest(vm);
            if (!g.running()) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + vm + " does not run on " + node);
            }
            g.setRunning(false);
        }
        fire(vm, HypervisorEventKind.CRASHED, "guest crashed");
    }

    @Override
    public GuestEndpoint define(VmSpec spec) {
        EmbeddedGuest g;
        synchronized (this) {
            if (guests.containsKey(spec.name())) {
                throw new FabricException(ErrorCode.ALREADY_EXISTS, "vm " + spec.name() + " is defined on " + node);
            }
            reserve(spec, 0, 0);
            g = new EmbeddedGuest(node, spec);
            guests.put(spec.name(), g);
        }
        fire(spec.name(), HypervisorEventKind.DEFINED, "");
        return g;
    }

    @Override
    public synchronized void redefine(VmSpec spec) {
        EmbeddedGuest g = guest(spec.name());
        if (g.running()) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + spec.name() + " runs; stop it first");
        }
        VmSpec old = g.spec();
        reserve(spec, old.vcpus(), old.memory().bytes());
        g.redefine(spec);
    }

    private void reserve(VmSpec spec, long releasedVcpus, long releasedMemory) {
        long vcpus = vcpusUsed - releasedVcpus + spec.vcpus();
        long memory = memoryUsed - releasedMemory + spec.memory().bytes();
        if (vcpus > capacity.vcpus()) {
            throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, node + " cannot hold vm " + spec.name()
                    + ": " + vcpus + " vCPU of " + capacity.vcpus());
        }
        if (memory > capacity.memoryBytes()) {
            throw new FabricException(ErrorCode.INSUFFICIENT_CAPACITY, node + " cannot hold vm " + spec.name() + ": "
                    + ByteSize.ofBytes(memory) + " of " + ByteSize.ofBytes(capacity.memoryBytes()) + " memory");
        }
        vcpusUsed = vcpus;
        memoryUsed = memory;
    }

    @Override
    public void undefine(String vm) {
        synchronized (this) {
            EmbeddedGuest g = guest(vm);
            if (g.running()) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + vm + " runs; stop it first");
            }
            forget(vm, g);
        }
        fire(vm, HypervisorEventKind.UNDEFINED, "");
    }

    private void forget(String vm, EmbeddedGuest g) {
        guests.remove(vm);
        dirtyRates.remove(vm);
        vcpusUsed -= g.spec().vcpus();
        memoryUsed -= g.spec().memory().bytes();
    }

    @Override
    public void start(String vm) {
        synchronized (this) {
            EmbeddedGuest g = guest(vm);
            if (g.running()) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + vm + " runs already");
            }
            g.setRunning(true);
        }
        fire(vm, HypervisorEventKind.STARTED, "");
    }

    @Override
    public void stop(String vm) {
        synchronized (this) {
            EmbeddedGuest g = guest(vm);
            if (!g.running()) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + vm + " does not run");
            }
            g.setRunning(false);
        }
        fire(vm, HypervisorEventKind.STOPPED, "");
    }

    @Override
    public MigrationReport migrateOut(String vm, Hypervisor target, long linkBytesPerSecond) {
        EmbeddedGuest g;
        MigrationReport report;
        synchronized (this) {
            g = guest(vm);
            if (!g.running()) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + vm + " does not run; only a running"
                        + " VM migrates live");
            }
            if (target.node().equals(node)) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "vm " + vm + " is on " + node + " already");
            }
            long memory = g.spec().memory().bytes();
            long rate = dirtyRates.getOrDefault(vm, (long) (memory * dirtyFractionPerSecond));
            report = model.migrate(vm, node, target.node(), memory, rate, linkBytesPerSecond);
        }
        GuestEndpoint arrived = target.migrateIn(g.spec(), report);
        List<GuestDevice> devices;
        synchronized (this) {
            g.setRunning(false);
            devices = g.devices();
            forget(vm, g);
        }
        for (GuestDevice d : devices) {
            arrived.attach(d);
        }
        fire(vm, HypervisorEventKind.MIGRATED_OUT, "to " + target.node());
        return report;
    }

    @Override
    public GuestEndpoint migrateIn(VmSpec spec, MigrationReport report) {
        EmbeddedGuest g;
        synchronized (this) {
            if (guests.containsKey(spec.name())) {
                throw new FabricException(ErrorCode.ALREADY_EXISTS, "vm " + spec.name() + " is defined on " + node);
            }
            reserve(spec, 0, 0);
            g = new EmbeddedGuest(node, spec);
            guests.put(spec.name(), g);
            g.setRunning(true);
        }
        fire(spec.name(), HypervisorEventKind.MIGRATED_IN, "from " + report.from());
        return g;
    }

    @Override
    public synchronized GuestEndpoint endpoint(String vm) {
        return guest(vm);
    }

    @Override
    public void addListener(HypervisorListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(HypervisorListener listener) {
        listeners.remove(listener);
    }

    private EmbeddedGuest guest(String vm) {
        EmbeddedGuest g = guests.get(vm);
        if (g == null) {
            throw FabricException.notFound("vm on " + node, vm);
        }
        return g;
    }

    private void fire(String vm, HypervisorEventKind kind, String detail) {
        HypervisorEvent event = new HypervisorEvent(node, vm, kind, detail);
        for (HypervisorListener l : listeners) {
            l.event(event);
        }
    }
}
