package fabric.compute.internal.hypervisor;

import fabric.api.compute.GuestDevice;
import fabric.api.compute.GuestEndpoint;
import fabric.api.compute.VmSpec;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A guest of the embedded hypervisor: its definition, whether it runs, and its devices. */
final class EmbeddedGuest implements GuestEndpoint {

    private final NodeId node;
    private VmSpec spec;
    private boolean running;
    private final List<GuestDevice> devices = new ArrayList<>();

    EmbeddedGuest(NodeId node, VmSpec spec) {
        this.node = node;
        this.spec = spec;
    }

    synchronized VmSpec spec() {
        return spec;
    }

    synchronized void redefine(VmSpec newSpec) {
        spec = newSpec;
    }

    synchronized void setRunning(boolean run) {
        if (running == run) {
            return;
        }
        running = run;
        for (GuestDevice d : devices) {
            if (run) {
                d.guestStarted(this);
            } else {
                d.guestStopped();
            }
        }
    }

    @Override
    public String vm() {
        return spec().name();
    }

    @Override
    public NodeId node() {
        return node;
    }

    @Override
    public synchronized boolean running() {
        return running;
    }

    @Override
    public synchronized void attach(GuestDevice device) {
        Objects.requireNonNull(device, "device");
        for (GuestDevice d : devices) {
            if (d.name().equals(device.name())) {
                throw new FabricException(ErrorCode.ALREADY_EXISTS, "vm " + spec.name() + " already has a device named '"
                        + device.name() + "'");
            }
        }
        devices.add(device);
        if (running) {
            device.guestStarted(this);
        }
    }

    @Override
    public synchronized void detach(String name) {
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).name().equals(name)) {
                GuestDevice d = devices.remove(i);
                if (running) {
                    d.guestStopped();
                }
                return;
            }
        }
        throw FabricException.notFound("device of vm " + spec.name(), name);
    }

    @Override
    public synchronized List<GuestDevice> devices() {
        return List.copyOf(devices);
    }
}
