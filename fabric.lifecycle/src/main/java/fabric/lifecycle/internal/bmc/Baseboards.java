package fabric.lifecycle.internal.bmc;

import fabric.api.core.NodeId;
import fabric.api.journal.Journal;
import fabric.api.oem.BaseboardController;
import fabric.api.oem.HardwareProfile;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import oem.kit.RedfishBmc;
import oem.kit.RedfishEndpoint;

/**
 * The BMC of every node: a {@link SimulatedBmc} created the first time the node's profile is known,
 * then kept for the life of the fabric, even while the vendor's provider is away (a BMC does not
 * vanish with a software bundle). With a journal, every BMC change is journaled and the changes read
 * back at start-up are applied when the node's BMC is created, so BMC state survives a restart.
 * A node the BMC file names (configuration {@code fabric.lifecycle}, {@code bmcFile}) is driven by a
 * {@link RedfishBmc} instead: its state lives in the real BMC, nothing is journaled.
 */
public final class Baseboards {

    private final Clock clock;
    private final Journal journal;
    private final ConcurrentMap<NodeId, SimulatedBmc> controllers = new ConcurrentHashMap<>();
    private final Map<String, RedfishEndpoint> endpoints;
    private final ConcurrentMap<NodeId, RedfishBmc> redfish = new ConcurrentHashMap<>();
    private final Map<NodeId, List<BmcChanged>> replayed = new HashMap<>();

    /** @param clock the clock of the simulated BMCs */
    public Baseboards(Clock clock) {
        this(clock, null);
    }

    /**
     * @param clock the clock of the simulated BMCs
     * @param journal where BMC changes are journaled and read back from; {@code null} keeps them in memory
     */
    public Baseboards(Clock clock, Journal journal) {
        this(clock, journal, null);
    }

    /**
     * @param clock the clock of the simulated BMCs
     * @param journal where BMC changes are journaled and read back from; {@code null} keeps them in memory
     * @param bmcFile the file naming the nodes driven by a Redfish BMC, or {@code null} for none
     */
    public Baseboards(Clock clock, Journal journal, java.nio.file.Path bmcFile) {
        this.endpoints = bmcFile == null ? Map.of() : RedfishEndpoint.read(bmcFile);
        this.clock = clock;
        this.journal = journal;
        if (journal != null) {
            journal.replay(0, r -> r.as(BmcChanged.TYPE).ifPresent(e -> replayed.computeIfAbsent(NodeId.of(e.node()),
                    n -> new ArrayList<>()).add(e)));
        }
    }

    /**
     * @param node a node
     * @param profile its certified model
     * @return its BMC: the Redfish BMC the BMC file names for it, else the simulated one, created at
     *         the profile's factory baseline when first asked for, with its journaled changes applied
     */
    public BaseboardController controller(NodeId node, HardwareProfile profile) {
        RedfishEndpoint e = endpoints.get(node.value());
        if (e != null) {
            return redfish.computeIfAbsent(node, n -> RedfishBmc.of(e, profile));
        }
        return simulated(node, profile);
    }

    /** @return the nodes the BMC file names, each with where its Redfish BMC answers */
    public Map<String, RedfishEndpoint> redfishEndpoints() {
        return endpoints;
    }

    /**
     * @param node a node
     * @param profile its certified model
     * @return its simulated BMC
     */
    public SimulatedBmc simulated(NodeId node, HardwareProfile profile) {
        return controllers.computeIfAbsent(node, n -> {
            SimulatedBmc bmc = new SimulatedBmc(n, profile, clock, journal == null ? e -> { }
                    : e -> journal.append(BmcChanged.TYPE, e));
            synchronized (replayed) {
                for (BmcChanged e : replayed.getOrDefault(n, List.of())) {
                    bmc.replay(e);
                }
                replayed.remove(n);
            }
            return bmc;
        });
    }

    /**
     * @param node a node
     * @return its BMC, if one was created
     */
    public Optional<BaseboardController> existing(NodeId node) {
        RedfishBmc r = redfish.get(node);
        if (r != null) {
            return Optional.of(r);
        }
        return Optional.ofNullable(controllers.get(node));
    }
}
