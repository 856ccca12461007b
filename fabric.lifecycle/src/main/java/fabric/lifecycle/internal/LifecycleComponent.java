package fabric.lifecycle.internal;

import fabric.api.compute.ComputeService;
import fabric.api.compute.VmMigrated;
import fabric.api.compute.VmStatus;
import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.journal.Journal;
import fabric.api.lifecycle.ComplianceReport;
import fabric.api.lifecycle.LifecycleService;
import fabric.api.lifecycle.NodeCompliance;
import fabric.api.lifecycle.UpdatePlan;
import fabric.api.lifecycle.VendorProvider;
import fabric.api.oem.CertifiedBaseline;
import fabric.api.oem.FirmwareCatalog;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.FirmwareValidator;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.UpdateSequencer;
import fabric.api.oem.ValidationResult;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStatus;
import fabric.api.topology.ScaleUnitSpec;
import fabric.api.topology.Topology;
import fabric.lifecycle.internal.bmc.Baseboards;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import oem.kit.PackageFormat;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@link LifecycleService}: tracks every OEM service as bundles come and go (dynamic, greedy,
 * multiple references, grouped by the vendor property), keeps the simulated BMC of each node, and
 * answers compliance, validation and dry-run plans. Reads only, except the simulated BMCs, whose
 * changes (made by update runs) are journaled and replayed at start-up.
 */
@Component(service = LifecycleService.class)
public final class LifecycleComponent implements LifecycleService {

    private final Topology topology;
    private final ProviderRegistry registry = new ProviderRegistry();
    private final Baseboards baseboards;
    private final ComplianceEngine engine;
    private final Planner planner;
    private final Journal journal;
    private volatile ComputeService compute;

    /**
     * @param topology the topology and its live state
     * @param journal where the simulated BMCs journal their changes and read them back at start-up
     */
    @Activate
    public LifecycleComponent(@Reference(name = "topology") Topology topology,
            @Reference(name = "journal") Journal journal) {
        this(topology, journal, Clock.systemUTC());
    }

    /**
     * For plain-Java use and tests.
     *
     * @param topology the topology and its live state
     * @param clock the clock of the simulated BMCs
     */
    LifecycleComponent(Topology topology, Clock clock) {
        this(topology, null, clock);
    }

    /**
     * For plain-Java use and tests.
     *
     * @param topology the topology and its live state
     * @param journal where BMC changes are journaled; {@code null} keeps them in memory
     * @param clock the clock of the simulated BMCs
     */
    LifecycleComponent(Topology topology, Journal journal, Clock clock) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.baseboards = new Baseboards(clock, journal);
        this.engine = new ComplianceEngine(registry, baseboards);
        this.planner = new Planner(engine);
        this.journal = journal;
    }

    private static String vendorOf(ServiceReference<?> ref) {
        Object v = ref.getProperty(HardwareProfile.VENDOR);
        return v instanceof String s ? s : null;
    }

    private static String bundleOf(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null ? "" : b.getSymbolicName() + " " + b.getVersion();
    }

    /** @param p a profile @param ref its registration */
    @Reference(name = "profile", service = HardwareProfile.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeProfile")
    void addProfile(HardwareProfile p, ServiceReference<HardwareProfile> ref) {
        registry.addProfile(p, vendorOf(ref), bundleOf(ref));
    }

    void removeProfile(HardwareProfile p, ServiceReference<HardwareProfile> ref) {
        registry.removeProfile(p, vendorOf(ref));
    }

    /** @param v a validator @param ref its registration */
    @Reference(name = "validator", service = FirmwareValidator.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeValidator")
    void addValidator(FirmwareValidator v, ServiceReference<FirmwareValidator> ref) {
        registry.addValidator(v, vendorOf(ref), bundleOf(ref));
    }

    void removeValidator(FirmwareValidator v, ServiceReference<FirmwareValidator> ref) {
        registry.removeValidator(v, vendorOf(ref));
    }

    /** @param s a sequencer @param ref its registration */
    @Reference(name = "sequencer", service = UpdateSequencer.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSequencer")
    void addSequencer(UpdateSequencer s, ServiceReference<UpdateSequencer> ref) {
        registry.addSequencer(s, vendorOf(ref), bundleOf(ref));
    }

    void removeSequencer(UpdateSequencer s, ServiceReference<UpdateSequencer> ref) {
        registry.removeSequencer(s, vendorOf(ref));
    }

    /** @param c a catalog @param ref its registration */
    @Reference(name = "catalog", service = FirmwareCatalog.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeCatalog")
    void addCatalog(FirmwareCatalog c, ServiceReference<FirmwareCatalog> ref) {
        registry.addCatalog(c, vendorOf(ref), bundleOf(ref));
    }

    void removeCatalog(FirmwareCatalog c, ServiceReference<FirmwareCatalog> ref) {
        registry.removeCatalog(c, vendorOf(ref));
    }

    /** @return the registry, for plain-Java registration in tests */
    ProviderRegistry registry() {
        return registry;
    }

    /** @return the nodes' BMCs */
    Baseboards baseboards() {
        return baseboards;
    }

    /** @return the compliance engine, for update runs */
    ComplianceEngine engine() {
        return engine;
    }

    @Override
    public List<VendorProvider> vendors() {
        List<VendorProvider> out = new ArrayList<>();
        for (Vendor v : registry.vendors()) {
            FirmwareCatalog catalog = v.catalogOrNull();
            out.add(new VendorProvider(v.key(), v.bundle(), List.copyOf(v.profilesUnchecked().keySet()),
                    v.hasValidator(), v.hasSequencer(), catalog == null ? -1 : catalog.packages().size(),
                    v.sequencingSummary()));
        }
        return out;
    }

    @Override
    public List<HardwareProfile> profiles() {
        List<HardwareProfile> out = new ArrayList<>();
        for (Vendor v : registry.vendors()) {
            out.addAll(v.profilesUnchecked().values());
        }
        return out;
    }

    @Override
    public ValidationResult validate(Path file, NodeId node, String baseline) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw FabricException.notFound("package file", file.toString());
        }
        byte[] bytes;
        try {
            if (Files.size(file) > PackageFormat.MAX_PAYLOAD + (1 << 20)) {
                throw FabricException.invalid(file.toString(), "larger than any firmware package may be");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, file + ": unreadable: " + e.getMessage(), e);
        }
        FirmwarePackage pkg = PackageFormat.read(file.getFileName().toString(), bytes);
        if (node == null) {
            return provider(pkg.descriptor().vendor()).validator().validatePackage(pkg);
        }
        NodeSpec spec = topology.node(node);
        Vendor vendor = provider(spec.vendor());
        HardwareProfile profile = vendor.profile(spec.model()).orElseThrow(() -> new FabricException(
                ErrorCode.FAILED_PRECONDITION, "provider " + spec.vendor() + " certifies no model '" + spec.model()
                        + "' (node " + node + ")"));
        CertifiedBaseline target = baseline == null ? profile.latestBaseline() : profile.baseline(baseline)
                .orElseThrow(() -> FabricException.notFound("baseline of " + spec.vendor() + " " + spec.model(),
                        baseline));
        return vendor.validator().validate(pkg, baseboards.controller(node, profile).inventory(), target, false);
    }

    private Vendor provider(String key) {
        return registry.complete(key).orElseThrow(() -> new FabricException(ErrorCode.UNAVAILABLE,
                "no OEM provider for vendor '" + key + "': waiting for provider " + key));
    }

    @Override
    public ComplianceReport compliance(ScaleUnitId scaleUnit, String baseline) {
        ScaleUnitSpec su = topology.scaleUnit(scaleUnit);
        List<NodeCompliance> nodes = new ArrayList<>();
        for (NodeSpec n : su.nodes()) {
            nodes.add(engine.assess(n, baseline).compliance());
        }
        return new ComplianceReport(scaleUnit, baseline, nodes);
    }

    @Override
    public UpdatePlan plan(ScaleUnitId scaleUnit, String baseline) {
        ScaleUnitSpec su = topology.scaleUnit(scaleUnit);
        Map<NodeId, NodeState> states = new HashMap<>();
        for (NodeStatus s : topology.statuses(scaleUnit)) {
            states.put(s.node(), s.state());
        }
        ComputeService c = compute;
        if (c == null) {
            return planner.plan(scaleUnit, su.nodes(), states, topology.quorum(scaleUnit), baseline);
        }
        // The measured live-migration rate: every migration the journal holds, bytes over time.
        long[] measured = new long[2]; // bytes, nanoseconds
        if (journal != null) {
            journal.replay(0, r -> r.as(VmMigrated.TYPE).ifPresent(m -> {
                measured[0] += m.transferredBytes();
                measured[1] += m.duration().toNanos();
            }));
        }
        List<VmStatus> vms = c.list();
        return planner.plan(scaleUnit, su.nodes(), states, topology.quorum(scaleUnit), baseline, node -> {
            long bytes = 0;
            int count = 0;
            for (VmStatus vm : vms) {
                if (vm.state().holdsCapacity() && vm.node().filter(node::equals).isPresent()) {
                    bytes += vm.spec().memory().bytes();
                    count++;
                }
            }
            if (count == 0) {
                return new Planner.Drain(Duration.ZERO, "no VM runs on it");
            }
            String what = count + " VM(s), " + ByteSize.ofBytes(bytes) + " of memory";
            if (measured[0] <= 0 || measured[1] <= 0) {
                return new Planner.Drain(null, "no live migration measured yet to estimate " + what);
            }
            double bytesPerSecond = measured[0] / (measured[1] / 1e9);
            Duration d = Duration.ofSeconds((long) Math.ceil(bytes / bytesPerSecond));
            return new Planner.Drain(d, what + " at the measured " + ByteSize.ofBytes((long) bytesPerSecond) + "/s");
        });
    }

    /** @param c the compute service, for the drain estimates of plans */
    @Reference(name = "compute", service = ComputeService.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetCompute")
    void setCompute(ComputeService c) {
        compute = c;
    }

    void unsetCompute(ComputeService c) {
        if (compute == c) {
            compute = null;
        }
    }
}
