package fabric.lifecycle.internal.bmc;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.oem.ApplyTime;
import fabric.api.oem.BaseboardController;
import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.ComponentKind;
import fabric.api.oem.ComponentTarget;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.HardwareComponent;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PowerState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded simulated BMC of one node, the fabric's default {@link BaseboardController}: it starts
 * with every component at the profile's factory baseline (its first), keeps a staging slot and a
 * pending-on-reset slot per component, and counts boots. Deterministic: time comes from the injected
 * clock and only stamps the task log. Thread-safe (one lock per BMC). Every change is a
 * {@link BmcChanged} event handed to the sink (the journal) before it is applied, and
 * {@link #replay(BmcChanged)} applies a journaled one again at start-up, so the BMC's state is durable.
 */
public final class SimulatedBmc implements BaseboardController {

    /** One entry of the BMC's task log. */
    public record Task(Instant at, String what) {
    }

    private static final class Slot {
        final ComponentKind kind;
        FirmwareVersion installed;
        FirmwareVersion staged;
        FirmwareVersion pending;

        Slot(ComponentKind kind, FirmwareVersion installed) {
            this.kind = kind;
            this.installed = installed;
        }
    }

    private final NodeId node;
    private final String vendor;
    private final String model;
    private final Clock clock;
    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final List<Task> tasks = new ArrayList<>();
    private final java.util.function.Consumer<BmcChanged> sink;
    private PowerState power = PowerState.ON;
    private int hungBoots;
    private long bootCount = 1;

    /**
     * @param node the node
     * @param profile its certified model
     * @param clock where task times come from
     */
    public SimulatedBmc(NodeId node, HardwareProfile profile, Clock clock) {
        this(node, profile, clock, e -> { });
    }

    /**
     * @param node the node
     * @param profile its certified model
     * @param clock where task times come from
     * @param sink where each change goes (the journal) before it is applied; when it throws, nothing changes
     */
    public SimulatedBmc(NodeId node, HardwareProfile profile, Clock clock, java.util.function.Consumer<BmcChanged> sink) {
        this.sink = sink;
        this.node = node;
        this.vendor = profile.vendor();
        this.model = profile.model();
        this.clock = clock;
        CertifiedBaseline factory = profile.baselines().get(0);
        for (HardwareComponent c : profile.components()) {
            slots.put(c.id(), new Slot(c.kind(), factory.versions().get(c.id())));
        }
    }

    @Override
    public NodeId node() {
        return node;
    }

    @Override
    public synchronized NodeInventory inventory() {
        List<InstalledFirmware> components = new ArrayList<>();
        slots.forEach((id, s) -> components.add(new InstalledFirmware(id, s.kind, s.installed, s.staged, s.pending)));
        return new NodeInventory(node, vendor, model, components, power, bootCount);
    }

    private Slot slot(String componentId) {
        Slot s = slots.get(componentId);
        if (s == null) {
            throw FabricException.notFound("component of " + node, componentId);
        }
        return s;
    }

    @Override
    public synchronized void stage(FirmwarePackage pkg) {
        String c = pkg.descriptor().componentId();
        Slot s = slots.get(c);
        if (s == null) {
            throw FabricException.invalid("package " + pkg.descriptor().packageId(), node + " has no component '" + c
                    + "'");
        }
        FirmwareVersion v = pkg.descriptor().version();
        if (v.equals(s.staged) || v.equals(s.pending) || v.equals(s.installed)) {
            return;
        }
        change(new BmcChanged(node.value(), BmcChanged.Change.STAGED, c, v.value()));
    }

    @Override
    public synchronized void apply(ComponentTarget target, ApplyTime when) {
        Slot s = slot(target.componentId());
        FirmwareVersion v = target.version();
        if (v.equals(s.installed) || when == ApplyTime.ON_RESET && v.equals(s.pending)) {
            return;
        }
        if (!v.equals(s.staged)) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, node + ": " + target.componentId() + " " + v
                    + " is not staged" + (s.staged == null ? "" : " (" + s.staged + " is)"));
        }
        change(new BmcChanged(node.value(), when == ApplyTime.IMMEDIATE ? BmcChanged.Change.APPLIED_NOW
                : BmcChanged.Change.APPLIED_ON_RESET, target.componentId(), v.value()));
    }

    @Override
    public synchronized void reboot() {
        if (hungBoots > 0) {
            hungBoots--;
            change(new BmcChanged(node.value(), BmcChanged.Change.BOOT_HUNG, "", ""));
        } else {
            change(new BmcChanged(node.value(), BmcChanged.Change.REBOOTED, "", ""));
        }
    }

    /**
     * Puts a component back on the given image (the other bank of a dual-bank component) and drops its
     * staged and pending images.
     *
     * @param componentId the component
     * @param version the image to run
     */
    public synchronized void rollback(String componentId, FirmwareVersion version) {
        slot(componentId);
        change(new BmcChanged(node.value(), BmcChanged.Change.ROLLED_BACK, componentId, version.value()));
    }

    private void change(BmcChanged event) {
        sink.accept(event);
        replay(event);
    }

    /**
     * Applies a journaled change without journaling it again.
     *
     * @param e the change
     */
    public synchronized void replay(BmcChanged e) {
        switch (e.change()) {
            case STAGED -> {
                slot(e.component()).staged = FirmwareVersion.of(e.version());
                log("staged " + e.component() + " " + e.version());
            }
            case APPLIED_NOW -> {
                Slot s = slot(e.component());
                s.staged = null;
                s.installed = FirmwareVersion.of(e.version());
                s.pending = null;
                log("activated " + e.component() + " " + e.version());
            }
            case APPLIED_ON_RESET -> {
                Slot s = slot(e.component());
                s.staged = null;
                s.pending = FirmwareVersion.of(e.version());
                log("scheduled " + e.component() + " " + e.version() + " on reset");
            }
            case REBOOTED -> rebooted();
            case BOOT_HUNG -> {
                power = PowerState.OFF;
                log("host did not come back from the reset");
            }
            case ROLLED_BACK -> {
                Slot s = slot(e.component());
                s.staged = null;
                s.pending = null;
                s.installed = FirmwareVersion.of(e.version());
                log("rolled back " + e.component() + " to " + e.version());
            }
        }
    }

    /**
     * Simulates a host that does not come back: the next boots leave the power off (the BMC answers,
     * the host does not). Not journaled: a fault of the simulated hardware, not a state of the fabric.
     *
     * @param boots how many boots hang
     */
    public synchronized void hangBoots(int boots) {
        hungBoots = boots;
    }

    private void rebooted() {
        for (Map.Entry<String, Slot> e : slots.entrySet()) {
            Slot s = e.getValue();
            if (s.pending != null) {
                s.installed = s.pending;
                s.pending = null;
                log("activated " + e.getKey() + " " + s.installed + " at boot");
            }
        }
        power = PowerState.ON;
        bootCount++;
        log("host rebooted (boot " + bootCount + ")");
    }

    @Override
    public synchronized PowerState powerState() {
        return power;
    }

    /** @return the task log, oldest first */
    public synchronized List<Task> tasks() {
        return List.copyOf(tasks);
    }

    private void log(String what) {
        tasks.add(new Task(clock.instant(), what));
    }
}
