package fabric.api.compute;

import fabric.api.core.ByteSize;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The fabric's VMs: their life, their placement on nodes and their moves. Thread-safe; every change
 * is journaled before it is answered and survives a restart.
 *
 * <p>Placement honours node state (only up nodes), capacity, availability-set spread, affinity and
 * anti-affinity groups, and the N-1 reserve (no new placement may leave a scale unit unable to
 * restart every VM after losing any one node). Changes to a scale unit without quorum are refused
 * with {@code QUORUM_LOST}. A refused operation changes nothing.
 */
@ProviderType
public interface ComputeService {

    /**
     * Creates a VM, places it and starts it.
     *
     * @param spec the VM
     * @return its status, running
     * @throws FabricException {@code ALREADY_EXISTS}; {@code NOT_FOUND} for an unknown availability set;
     *         {@code INSUFFICIENT_CAPACITY} naming why each node was rejected; {@code QUORUM_LOST}
     */
    VmStatus create(VmSpec spec);

    /**
     * Starts a stopped VM on its node, or a failed one wherever placement finds room.
     *
     * @param vm the VM's name
     * @return its status
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} in a state that cannot start;
     *         {@code INSUFFICIENT_CAPACITY}; {@code QUORUM_LOST}
     */
    VmStatus start(String vm);

    /**
     * Shuts a running VM down; it keeps its node and capacity.
     *
     * @param vm the VM's name
     * @return its status
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION}; {@code QUORUM_LOST}
     */
    VmStatus stop(String vm);

    /**
     * Stops and starts a running VM on its node.
     *
     * @param vm the VM's name
     * @return its status
     * @throws FabricException as {@link #stop(String)}
     */
    VmStatus restart(String vm);

    /**
     * Changes the size of a stopped VM (as Hyper-V requires for processors); the new size must fit
     * its node under every placement rule.
     *
     * @param vm the VM's name
     * @param vcpus the new number of virtual processors
     * @param memory the new memory
     * @return its status
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} unless stopped;
     *         {@code INVALID_ARGUMENT}; {@code INSUFFICIENT_CAPACITY}; {@code QUORUM_LOST}
     */
    VmStatus resize(String vm, int vcpus, ByteSize memory);

    /**
     * Deletes a stopped or failed VM.
     *
     * @param vm the VM's name
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} while it runs; {@code QUORUM_LOST}
     */
    void delete(String vm);

    /**
     * Live-migrates a running VM (or moves a stopped one) to another node.
     *
     * @param vm the VM's name
     * @param target the node to move to; empty lets placement choose
     * @return what the migration did
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION}; {@code INSUFFICIENT_CAPACITY}
     *         with the target's rejection; {@code QUORUM_LOST}
     */
    MigrationReport migrate(String vm, Optional<NodeId> target);

    /**
     * Moves every VM off a node, honouring every placement rule but the N-1 reserve (which exists for
     * exactly this), then puts the node in maintenance. When some VM cannot be moved, nothing moves.
     *
     * @param node the node
     * @return the moves, in order
     * @throws FabricException {@code NOT_FOUND}; {@code FAILED_PRECONDITION} when the node is not up;
     *         {@code INSUFFICIENT_CAPACITY} naming the first VM that has nowhere to go and why; {@code QUORUM_LOST}
     */
    DrainReport drainNode(NodeId node);

    /** @return every VM, by name */
    List<VmStatus> list();

    /**
     * @param vm a VM's name
     * @return its status
     * @throws FabricException {@code NOT_FOUND}
     */
    VmStatus get(String vm);

    /**
     * Explains where placement would put a VM now: every node with its rejection or score. For an
     * existing VM the VM's own demand on its node is set aside first.
     *
     * @param vm a VM's name
     * @return the explanation
     * @throws FabricException {@code NOT_FOUND}
     */
    PlacementExplanation explain(String vm);

    /**
     * Explains where placement would put a new VM, changing nothing.
     *
     * @param spec the VM
     * @return the explanation
     * @throws FabricException {@code NOT_FOUND} for an unknown availability set
     */
    PlacementExplanation explain(VmSpec spec);

    /**
     * Creates an availability set.
     *
     * @param spec the set
     * @return its status, without members
     * @throws FabricException {@code ALREADY_EXISTS}; {@code INVALID_ARGUMENT} when it has more fault domains
     *         than the largest scale unit has nodes
     */
    AvailabilitySetStatus createAvailabilitySet(AvailabilitySetSpec spec);

    /** @return every availability set, by name */
    List<AvailabilitySetStatus> availabilitySets();

    /**
     * @param scaleUnit a scale unit
     * @return what each of its nodes offers and holds, in declared order
     * @throws FabricException {@code NOT_FOUND}
     */
    List<NodeAllocation> allocations(ScaleUnitId scaleUnit);

    /**
     * @param scaleUnit a scale unit
     * @return whether every VM it hosts could be restarted on the surviving up nodes after the loss
     *         of any one node
     * @throws FabricException {@code NOT_FOUND}
     */
    boolean failoverReserveHeld(ScaleUnitId scaleUnit);

    /**
     * @param vm a VM's name
     * @return the guest endpoint of the VM on its node, to attach devices to; empty while it has no node
     * @throws FabricException {@code NOT_FOUND}
     */
    Optional<GuestEndpoint> endpoint(String vm);
}
