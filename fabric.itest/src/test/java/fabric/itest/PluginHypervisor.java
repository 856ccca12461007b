package fabric.itest;

import fabric.api.compute.GuestDevice;
import fabric.api.compute.GuestEndpoint;
import fabric.api.compute.Hypervisor;
import fabric.api.compute.HypervisorCapacity;
import fabric.api.compute.HypervisorListener;
import fabric.api.compute.MigrationReport;
import fabric.api.compute.VmSpec;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hypervisor driver from outside the fabric, as a plugin bundle would register one: it records what it is told. */
final class PluginHypervisor implements Hypervisor {

    final List<String> calls = new ArrayList<>();
    private final NodeId node;
    private final Map<String, Guest> guests = new LinkedHashMap<>();

    PluginHypervisor(NodeId node) {
        this.node = node;
    }

    private final class Guest implements GuestEndpoint {
        final String name;
        boolean running;

        Guest(String name) {
            this.name = name;
        }

        @Override
        public String vm() {
            return name;
        }

        @Override
        public NodeId node() {
            return node;
        }

        @Override
        public boolean running() {
            return running;
        }

        @Override
        public void attach(GuestDevice device) {
        }

        @Override
        public void detach(String device) {
        }

        @Override
        public List<GuestDevice> devices() {
            return List.of();
        }
    }

    private synchronized Guest guest(String vm) {
        Guest g = guests.get(vm);
        if (g == null) {
            throw FabricException.notFound("vm on " + node, vm);
        }
        return g;
    }

    @Override
    public NodeId node() {
        return node;
    }

    @Override
    public HypervisorCapacity capacity() {
        return new HypervisorCapacity(8, 1.0, 64L << 30);
    }

    @Override
    public synchronized GuestEndpoint define(VmSpec spec) {
        calls.add("define " + spec.name());
        Guest g = new Guest(spec.name());
        guests.put(spec.name(), g);
        return g;
    }

    @Override
    public synchronized void redefine(VmSpec spec) {
        guest(spec.name());
    }

    @Override
    public synchronized void undefine(String vm) {
        calls.add("undefine " + vm);
        guests.remove(guest(vm).name);
    }

    @Override
    public synchronized void start(String vm) {
        calls.add("start " + vm);
        guest(vm).running = true;
    }

    @Override
    public synchronized void stop(String vm) {
        calls.add("stop " + vm);
        guest(vm).running = false;
    }

    @Override
    public MigrationReport migrateOut(String vm, Hypervisor target, long linkBytesPerSecond) {
        throw new FabricException(ErrorCode.FAILED_PRECONDITION, "this driver does not migrate");
    }

    @Override
    public synchronized GuestEndpoint migrateIn(VmSpec spec, MigrationReport report) {
        calls.add("migrate-in " + spec.name());
        Guest g = new Guest(spec.name());
        g.running = true;
        guests.put(spec.name(), g);
        return g;
    }

    @Override
    public synchronized GuestEndpoint endpoint(String vm) {
        return guest(vm);
    }

    @Override
    public void addListener(HypervisorListener listener) {
    }

    @Override
    public void removeListener(HypervisorListener listener) {
    }
}
