package fabric.lifecycle.internal.bmc;

import fabric.api.core.NodeId;
import fabric.api.oem.BaseboardController;
import fabric.api.oem.HardwareProfile;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The BMC of every node: a {@link SimulatedBmc} created the first time the node's profile is known,
 * then kept for the life of the fabric, even while the vendor's provider is away (a BMC does not
 * vanish with a software bundle).
 */
public final class Baseboards {

    private final Clock clock;
    private final ConcurrentMap<NodeId, BaseboardController> controllers = new ConcurrentHashMap<>();

    /** @param clock the clock of the simulated BMCs */
    public Baseboards(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param node a node
     * @param profile its certified model
     * @return its BMC, created at the profile's factory baseline when first asked for
     */
    public BaseboardController controller(NodeId node, HardwareProfile profile) {
        return controllers.computeIfAbsent(node, n -> new SimulatedBmc(n, profile, clock));
    }

    /**
     * @param node a node
     * @return its BMC, if one was created
     */
    public Optional<BaseboardController> existing(NodeId node) {
        return Optional.ofNullable(controllers.get(node));
    }
}
