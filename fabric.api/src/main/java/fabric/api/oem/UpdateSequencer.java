package fabric.api.oem;

import fabric.api.core.FabricException;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The vendor's rules for updating one node: which component first, what can be staged while the
 * node still runs, which images activate at once and which at a reboot, how many reboots. Register
 * one per vendor, with the service property {@link HardwareProfile#VENDOR}.
 *
 * <p>The fabric calls it when it plans an update (dry run or real), once per node, from the planning
 * thread; it computes from its arguments and the bundle's data only, and returns the same steps for
 * the same arguments (plans are compared across restarts). Packages whose version the node already
 * runs produce no steps.
 */
@ConsumerType
public interface UpdateSequencer {

    /** @return the vendor key, equal to the {@link HardwareProfile#VENDOR} service property */
    String vendor();

    /**
     * @return the vendor's way in one line, for operators, such as "iDRAC first, activated at once;
     *         the other images staged while the node runs and activated by one reboot"
     */
    String summary();

    /**
     * @param node the node's inventory now
     * @param packages the packages to apply, one per component at most, in any order
     * @return the ordered steps, each with its reason and estimate; empty when nothing is to do
     * @throws FabricException {@code INVALID_ARGUMENT} when two packages target one component or a
     *         package is not for this vendor or node
     */
    List<UpdateStep> sequence(NodeInventory node, List<PackageDescriptor> packages);
}
