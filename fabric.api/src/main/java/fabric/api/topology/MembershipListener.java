package fabric.api.topology;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of every accepted membership change, after it took effect. Register an implementation as an
 * OSGi service (whiteboard) or add it to the membership implementation directly.
 *
 * <p>Called synchronously on the thread that made the change, one call at a time, in the order of
 * the changes. An implementation returns quickly and hands long work to its own thread; an
 * exception it throws is logged and does not undo the change.
 */
@ConsumerType
public interface MembershipListener {

    /**
     * A node changed state.
     *
     * @param change what changed
     * @param quorum the scale unit's quorum after the change
     */
    void nodeStateChanged(NodeStateChanged change, QuorumStatus quorum);
}
