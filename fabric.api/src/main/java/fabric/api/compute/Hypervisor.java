package fabric.api.compute;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The SPI one hypervisor driver per node implements: it runs the VMs compute placed on its node.
 * Compute decides; a driver carries out and reports. A driver refuses what its node cannot hold.
 */
@ConsumerType
public interface Hypervisor {

    /** Service property naming the node a driver registered as a service runs. */
    String NODE = "fabric.node";

    /** @return the node this driver runs */
    NodeId node();

    /** @return what the node offers to VMs */
    HypervisorCapacity capacity();

    /**
     * Defines a VM on the node, stopped.
     *
     * @param spec the VM
     * @return the VM's guest endpoint
     * @throws FabricException {@code ALREADY_EXISTS}; {@code INSUFFICIENT_CAPACITY}
     */
    GuestEndpoint define(VmSpec spec);

    /**
     * Replaces the definition of a stopped VM, for example with a new size.
     *
     * @param spec the VM's new definition
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} while it runs; {@code INSUFFICIENT_CAPACITY}
     */
    void redefine(VmSpec spec);

    /**
     * Removes a stopped VM from the node.
     *
     * @param vm the VM's name
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} while it runs
     */
    void undefine(String vm);

    /**
     * Boots a VM.
     *
     * @param vm the VM's name
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when it runs already
     */
    void start(String vm);

    /**
     * Shuts a VM down.
     *
     * @param vm the VM's name
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when it does not run
     */
    void stop(String vm);

    /**
     * Live-migrates a running VM to another node's hypervisor: pre-copy rounds while it runs, then a
     * stop-and-copy, then the target resumes it and this node forgets it.
     *
     * @param vm the VM's name
     * @param target the target node's hypervisor
     * @param linkBytesPerSecond the bandwidth of the migration network between the two nodes
     * @return what the migration did
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when it does not run;
     *         what the target's {@link #migrateIn} throws
     */
    MigrationReport migrateOut(String vm, Hypervisor target, long linkBytesPerSecond);

    /**
     * Takes in a VM migrated from another node and resumes it running.
     *
     * @param spec the VM
     * @param report the migration so far
     * @return the VM's guest endpoint on this node
     * @throws FabricException {@code ALREADY_EXISTS}; {@code INSUFFICIENT_CAPACITY}
     */
    GuestEndpoint migrateIn(VmSpec spec, MigrationReport report);

    /**
     * @param vm a VM's name
     * @return its guest endpoint
     * @throws FabricException {@code NOT_FOUND}
     */
    GuestEndpoint endpoint(String vm);

    /** @param listener told of every event from now on */
    void addListener(HypervisorListener listener);

    /** @param listener no longer told */
    void removeListener(HypervisorListener listener);
}
