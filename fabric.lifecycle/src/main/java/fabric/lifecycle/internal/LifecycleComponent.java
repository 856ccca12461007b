package fabric.lifecycle.internal;

import fabric.api.compute.ComputeService;
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
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.StorageService;
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
import org.osgi.service.metatype.annotations.Designate;

/**
 * The {@link LifecycleService}: tracks every OEM service as bundles come and go (dynamic, greedy,
 * multiple references, grouped by the vendor property), keeps the simulated BMC of each node, and
 * answers compliance, validation and dry-run plans. Reads only, except the simulated BMCs, whose
 * changes (made by update runs) are journaled and replayed at start-up.
 */
@Component(configurationPid = LifecycleConfig.PID, service = {LifecycleService.class, LifecycleInternals.class})
@Designate(ocd = LifecycleConfig.class)
public final class LifecycleComponent implements LifecycleService, LifecycleInternals {

    private final Topology topology;
    private final ProviderRegistry registry = new ProviderRegistry();
    private final Baseboards baseboards;
    private final ComplianceEngine engine;
    private final Planner planner;
    private final Journal journal;
    private final Settings settings;
    private volatile ComputeService compute;
    private volatile StorageService storage;

    /**
     * The settings of {@link LifecycleConfig}, as plain values (tests and plain Java make them by hand).
     *
     * @param migrationMibPerSecond live-migration rate assumed until one is measured
     * @param enterMaintenance entering maintenance
     * @param exitMaintenance leaving maintenance, until measured
     * @param bmcFile the BMC file, or {@code null} for none
     */
    record Settings(long migrationMibPerSecond, Duration enterMaintenance, Duration exitMaintenance, Path bmcFile) {
        /** The defaults of {@link LifecycleConfig}, without a BMC file. */
        static final Settings DEFAULTS = new Settings(1024, Duration.ofSeconds(30), Duration.ofSeconds(30), null);

        static Settings of(LifecycleConfig c, String dataDirectory) {
            Path bmc = null;
            if (!c.bmcFile().isBlank()) {
                bmc = Path.of(c.bmcFile().strip());
            } else if (dataDirectory != null && !dataDirectory.isBlank()
                    && Files.isRegularFile(Path.of(dataDirectory, "bmc.json"))) {
                bmc = Path.of(dataDirectory, "bmc.json");
            }
            return new Settings(c.migrationMibPerSecond(), Duration.ofSeconds(c.enterMaintenanceSeconds()),
                    Duration.ofSeconds(c.exitMaintenanceSeconds()), bmc);
        }
    }

    /**
     * @param topology the topology and its live state
     * @param journal where the simulated BMCs journal their changes and read them back at start-up
     * @param config the estimates' settings and the BMC file
     * @param context for the data directory (framework property {@code fabric.data})
     */
    @Activate
    public LifecycleComponent(@Reference(name = "topology") Topology topology,
            @Reference(name = "journal") Journal journal, LifecycleConfig config,
            org.osgi.framework.BundleContext context) {
        this(topology, journal, Clock.systemUTC(), Settings.of(config, context.getProperty("fabric.data")));
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
        this(topology, journal, clock, Settings.DEFAULTS);
    }

    /**
     * For plain-Java use and tests.
     *
     * @param topology the topology and its live state
     * @param journal where BMC changes are journaled; {@code null} keeps them in memory
     * @param clock the clock of the simulated BMCs
     * @param settings the estimates' settings and the BMC file
     */
    LifecycleComponent(Topology topology, Journal journal, Clock clock, Settings settings) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.baseboards = new Baseboards(clock, journal, settings.bmcFile());
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
    @Override
    public ProviderRegistry registry() {
        return registry;
    }

    /** @return the nodes' BMCs */
    @Override
    public Baseboards baseboards() {
        return baseboards;
    }

    /** @return the compliance engine, for update runs */
    @Override
    public ComplianceEngine engine() {
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
        return plan(scaleUnit, baseline, List.of(), List.of());
    }

    @Override
    public UpdatePlan plan(ScaleUnitId scaleUnit, String baseline, List<String> preHooks, List<String> postHooks) {
        // The same checks as a run's settings: valid names, each once.
        fabric.api.lifecycle.RunSettings.defaults(".").withHooks(preHooks, postHooks,
                fabric.api.lifecycle.RunSettings.DEFAULT_HOOK_TIMEOUT);
        ScaleUnitSpec su = topology.scaleUnit(scaleUnit);
        Map<NodeId, NodeState> states = new HashMap<>();
        for (NodeStatus s : topology.statuses(scaleUnit)) {
            states.put(s.node(), s.state());
        }
        ComputeService c = compute;
        Estimates estimates = new Estimates(settings.migrationMibPerSecond(), settings.enterMaintenance(),
                settings.exitMaintenance(), n -> {
                    try {
                        return topology.node(n).model();
                    } catch (FabricException e) {
                        return null; // A node of an older topology.
                    }
                });
        if (journal != null) {
            journal.replay(0, estimates::accept);
        }
        StorageService st = storage;
        return planner.plan(scaleUnit, su.nodes(), states, topology.quorum(scaleUnit), baseline, estimates,
                c == null ? null : c.list(), preHooks, postHooks, st == null ? null : node -> impact(st, scaleUnit, node));
    }

    /** @return what the storage engine says of the node, or {@code null} when the node holds no pool disk */
    private static MaintenanceImpact impact(StorageService storage, ScaleUnitId scaleUnit, NodeId node) {
        try {
            return storage.pool(scaleUnit).maintenanceImpact(node);
        } catch (FabricException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null; // No pool, or no capacity disk of it on the node: nothing to resync.
            }
            throw e;
        }
    }

    /** @param s the storage service, for the resync estimates of plans */
    @Reference(name = "storage", service = StorageService.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetStorage")
    void setStorage(StorageService s) {
        storage = s;
    }

    void unsetStorage(StorageService s) {
        if (storage == s) {
            storage = null;
        }
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
