package fabric.sdn.controller.internal.vm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fabric.api.compute.GuestDevice;
import fabric.api.compute.GuestDeviceKind;
import fabric.api.compute.GuestDeviceProvider;
import fabric.api.compute.GuestEndpoint;
import fabric.api.compute.VmSpec;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.FrameSink;
import fabric.api.network.GuestStack;
import fabric.api.network.GuestStacks;
import fabric.api.network.Ipv4Address;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import fabric.api.network.VmNicStatus;
import fabric.api.network.VmNics;
import fabric.api.network.controller.NetworkController;
import fabric.api.network.controller.NetworkResource;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import fabric.sdn.controller.internal.NetworkControllerComponent;
import fabric.sdn.controller.internal.NicHolders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Puts compute's VMs on tenant networks. A NIC name in a VM's specification names the network
 * controller's network interface of that name (in any subscription and resource group; the name
 * must be unique, as the data plane's port names are). When the VM is defined on a node a vNIC
 * device is attached to its guest endpoint; when the guest starts there, the interface's
 * {@code properties.node} is set to the guest's node through the controller (a versioned write,
 * {@code If-Match} its current tag) and a guest stack (the data plane's {@link GuestStack}: ARP,
 * ICMP echo, TCP SYN answers) is plugged into its port; when the guest stops its port goes silent
 * (frames are dropped; the controller's placeholder no longer answers), and when the VM is deleted
 * the interface is unplugged (the placeholder answers again) and free for another VM. A
 * live migration stops the guest on the old node and starts it on the new one, so the interface
 * follows it. A VM whose NIC names nothing, or names an interface another VM holds, is refused
 * before compute creates it.
 */
@Component(service = {GuestDeviceProvider.class, VmNics.class})
public final class VmNicBinder implements GuestDeviceProvider, VmNics, NicHolders {

    private static final Logger LOG = Logger.getLogger(VmNicBinder.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a stopped guest's port delivers to: nothing answers. */
    private static final FrameSink SILENT = frame -> { };

    private final NetworkController controller;
    private final GuestStacks stacks;
    /** Per VM: its vNICs by NIC name, and the endpoint they are attached to. */
    private final Map<String, Binding> bindings = new TreeMap<>();

    /**
     * @param controller the network controller whose interfaces VMs use
     * @param stacks where guest stacks come from
     */
    @Activate
    public VmNicBinder(@Reference(name = "controller") NetworkController controller,
            @Reference(name = "stacks") GuestStacks stacks) {
        this.controller = controller;
        this.stacks = stacks;
        if (controller instanceof NetworkControllerComponent c) {
            c.holders(this);
        }
    }

    /** Lets go of every vNIC: detached from its VM, unplugged. */
    @Deactivate
    void deactivate() {
        if (controller instanceof NetworkControllerComponent c) {
            c.holders(null);
        }
        List<Binding> all;
        synchronized (this) {
            all = new ArrayList<>(bindings.values());
            bindings.clear();
            for (Binding b : all) {
                b.vnics.values().forEach(v -> v.retired = true);
            }
        }
        // Outside the lock: detaching takes the guest's lock, which a starting guest holds while it calls in.
        for (Binding b : all) {
            for (Vnic v : b.vnics.values()) {
                try {
                    b.endpoint.detach(v.nic);
                } catch (FabricException e) {
                    // the endpoint is gone with its node or VM
                }
                controller.unplug(v.id);
            }
        }
    }

    @Override
    public synchronized void check(VmSpec spec) {
        for (String nic : spec.nics()) {
            resolve(spec.name(), nic);
            String holder = holderOf(nic);
            if (holder != null && !holder.equals(spec.name())) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "network interface " + nic
                        + " is plugged by vm " + holder + "; vm " + spec.name() + " cannot have it too");
            }
        }
    }

    @Override
    public synchronized void guestDefined(GuestEndpoint endpoint, VmSpec spec) {
        Binding old = bindings.remove(spec.name());
        if (old != null) {
            release(old, old.endpoint != endpoint);
        }
        if (spec.nics().isEmpty()) {
            return;
        }
        Binding b = new Binding(endpoint);
        bindings.put(spec.name(), b);
        for (String name : spec.nics()) {
            NetworkResource r;
            try {
                r = resolve(spec.name(), name);
                String holder = holderOf(name);
                if (holder != null && !holder.equals(spec.name())) {
                    throw new FabricException(ErrorCode.FAILED_PRECONDITION, "network interface " + name
                            + " is plugged by vm " + holder);
                }
            } catch (FabricException e) {
                LOG.warning("vm " + spec.name() + " gets no vNIC " + name + ": " + e.getMessage());
                continue;
            }
            JsonNode p = read(r).path("properties");
            JsonNode ip = p.path("ipConfigurations").path(0).path("properties");
            String subnet = ip.path("subnet").path("id").asText("");
            int at = subnet.indexOf("/virtualNetworks/");
            String network = at < 0 ? subnet : subnet.substring(at + "/virtualNetworks/".length()).replace("/subnets/", "/");
            GuestStack stack = stacks.create(MacAddress.parse(p.path("macAddress").asText()),
                    Ipv4Address.parse(ip.path("privateIPAddress").asText()));
            Vnic vnic = new Vnic(spec.name(), name, r.id(), network, stack);
            b.vnics.put(name, vnic);
            for (GuestDevice d : endpoint.devices()) {
                if (d.name().equals(name) && d.kind() == GuestDeviceKind.NIC) {
                    endpoint.detach(name); // left by an earlier instance of this component
                }
            }
            endpoint.attach(vnic);
        }
    }

    @Override
    public synchronized void guestUndefined(String vm, NodeId node) {
        Binding b = bindings.get(vm);
        if (b != null && b.node.equals(node)) {
            bindings.remove(vm);
            release(b, false);
        }
    }

    @Override
    public synchronized List<VmNicStatus> vmNics() {
        List<VmNicStatus> out = new ArrayList<>();
        for (Binding b : bindings.values()) {
            for (Vnic v : b.vnics.values()) {
                out.add(v.status());
            }
        }
        return out;
    }

    @Override
    public synchronized Optional<GuestStack> guest(String vm, String nic) {
        Binding b = bindings.get(vm);
        Vnic v = b == null ? null : b.vnics.get(nic);
        return v == null ? Optional.empty() : Optional.of(v.stack);
    }

    @Override
    public synchronized Optional<String> holder(String networkInterface) {
        return Optional.ofNullable(holderOf(networkInterface));
    }

    /** The interface a VM's NIC name names. */
    private NetworkResource resolve(String vm, String nic) {
        List<NetworkResource> found = new ArrayList<>();
        for (NetworkResource r : controller.list(null, null, ResourceType.NETWORK_INTERFACE)) {
            if (r.id().name().equals(nic)) {
                found.add(r);
            }
        }
        if (found.isEmpty()) {
            throw new FabricException(ErrorCode.NOT_FOUND, "nic " + nic + " of vm " + vm
                    + " names no network interface of the network controller");
        }
        if (found.size() > 1) {
            throw FabricException.invalid("nic", "'" + nic + "' of vm " + vm + " names " + found.size()
                    + " network interfaces: " + found.stream().map(r -> r.id().toString()).toList());
        }
        return found.get(0);
    }

    private String holderOf(String nic) {
        for (Map.Entry<String, Binding> e : bindings.entrySet()) {
            if (e.getValue().vnics.containsKey(nic)) {
                return e.getKey();
            }
        }
        return null;
    }

    private void release(Binding b, boolean detach) {
        for (Vnic v : b.vnics.values()) {
            v.unplug();
            v.retired = true;
            if (detach) {
                try {
                    b.endpoint.detach(v.nic);
                } catch (FabricException e) {
                    // the endpoint is gone with its node or VM
                }
            }
        }
    }

    private static JsonNode read(NetworkResource r) {
        try {
            return JSON.readTree(r.json());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("network interface " + r.id() + " holds no JSON", e);
        }
    }

    /** The plug: puts the interface on the guest's node, then plugs the guest's stack into its port. */
    private synchronized void started(Vnic v, GuestEndpoint endpoint) {
        if (v.retired) {
            return;
        }
        Binding b = bindings.get(v.vm);
        if (b != null) {
            b.endpoint = endpoint;
            b.node = endpoint.node();
        }
        NodeId node = endpoint.node();
        try {
            NetworkResource r = controller.get(v.id).orElseThrow(() -> FabricException.notFound("network interface",
                    v.id.toString()));
            JsonNode json = read(r);
            if (!node.value().equals(json.path("properties").path("node").asText())) {
                ObjectNode body = JSON.createObjectNode();
                body.set("properties", ((ObjectNode) json.path("properties").deepCopy()).put("node", node.value()));
                controller.put(v.id, JSON.writeValueAsString(body), r.etag(), null);
            }
            VPort port = controller.plug(v.id, v.stack);
            v.stack.bind(port);
            v.node = node;
            v.plugged = true;
            v.detail = "";
        } catch (FabricException | java.io.IOException e) {
            v.stack.bind(null);
            v.plugged = false;
            v.node = null;
            v.detail = "not plugged on " + node + ": " + e.getMessage();
            LOG.warning("vm " + v.vm + " nic " + v.nic + " " + v.detail);
        }
    }

    private synchronized void stopped(Vnic v) {
        if (!v.retired) {
            v.silence();
        }
    }

    /** A VM's vNICs and where they are attached. */
    private static final class Binding {
        GuestEndpoint endpoint;
        NodeId node;
        final Map<String, Vnic> vnics = new TreeMap<>();

        Binding(GuestEndpoint endpoint) {
            this.endpoint = endpoint;
            this.node = endpoint.node();
        }
    }

    /** One vNIC: the device on the VM's endpoint. */
    private final class Vnic implements GuestDevice {
        final String vm;
        final String nic;
        final ResourceId id;
        final String network;
        final GuestStack stack;
        boolean retired;
        boolean plugged;
        NodeId node;
        String detail = "";

        Vnic(String vm, String nic, ResourceId id, String network, GuestStack stack) {
            this.vm = vm;
            this.nic = nic;
            this.id = id;
            this.network = network;
            this.stack = stack;
        }

        @Override
        public String name() {
            return nic;
        }

        @Override
        public GuestDeviceKind kind() {
            return GuestDeviceKind.NIC;
        }

        @Override
        public void guestStarted(GuestEndpoint endpoint) {
            started(this, endpoint);
        }

        @Override
        public void guestStarted() {
            synchronized (VmNicBinder.this) {
                detail = "the hypervisor driver did not say where the guest runs";
            }
        }

        @Override
        public void guestStopped() {
            stopped(this);
        }

        /**
         * The guest stopped: its port drops every frame (a stopped VM answers nothing, not even the
         * controller's placeholder pings). Called under the binder's lock.
         */
        void silence() {
            stack.bind(null);
            plugged = false;
            node = null;
            try {
                controller.plug(id, SILENT);
            } catch (FabricException e) {
                // no port to silence (its node is down): the guest's frames go nowhere anyway
                controller.unplug(id);
            }
        }

        /** The VM let go of the interface: the controller's placeholder answers it again. */
        void unplug() {
            controller.unplug(id);
            stack.bind(null);
            plugged = false;
            node = null;
        }

        VmNicStatus status() {
            return new VmNicStatus(vm, nic, id.toString(), network, stack.mac(), stack.address(),
                    Optional.ofNullable(node), plugged, detail);
        }

        @Override
        public String describe() {
            synchronized (VmNicBinder.this) {
                return "network " + network + ", " + stack.address() + " (" + stack.mac() + "), "
                        + (plugged ? "plugged on " + node : detail.isEmpty() ? "unplugged" : detail);
            }
        }
    }
}
