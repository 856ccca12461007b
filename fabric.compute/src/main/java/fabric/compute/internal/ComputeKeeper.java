package fabric.compute.internal;

import fabric.api.compute.ComputeService;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.topology.MembershipListener;
import fabric.api.topology.NodeStateChanged;
import fabric.api.topology.QuorumStatus;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps compute active once it is needed, and is compute's {@link MembershipListener} (a whiteboard
 * service the cluster binds). Immediate but light: registering it activates nothing, so a launcher
 * can still refuse a bad topology file before anything reads it. The first membership change or the
 * first shell command activates {@link ComputeComponent}, which stays active until this component
 * goes (a delayed component would otherwise be deactivated after each use and replay the journal each
 * time).
 */
@Component(immediate = true, service = {MembershipListener.class, ComputeKeeper.class})
public final class ComputeKeeper implements MembershipListener {

    private final ComponentServiceObjects<ComputeService> objects;
    private ComputeService compute;

    /** @param objects the compute component, acquired on first need */
    @Activate
    public ComputeKeeper(@Reference(name = "compute", target = "(component.name=fabric.compute.internal.ComputeComponent)")
            ComponentServiceObjects<ComputeService> objects) {
        this.objects = objects;
    }

    /**
     * @return compute, activated and held from now on
     * @throws FabricException {@code UNAVAILABLE} when it cannot be activated
     */
    public synchronized ComputeService compute() {
        if (compute == null) {
            compute = objects.getService();
            if (compute == null) {
                throw new FabricException(ErrorCode.UNAVAILABLE, "compute is not available: its component did not"
                        + " activate (is the topology valid?)");
            }
        }
        return compute;
    }

    @Override
    public void nodeStateChanged(NodeStateChanged change, QuorumStatus quorum) {
        if (compute() instanceof MembershipListener listener) {
            listener.nodeStateChanged(change, quorum);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (compute != null) {
            try {
                objects.ungetService(compute);
            } catch (IllegalStateException e) {
                // Already gone with the bundle.
            }
            compute = null;
        }
    }
}
