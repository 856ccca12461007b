package fabric.cluster.internal.membership;

import fabric.api.topology.MembershipListener;
import fabric.api.topology.NodeStateChanged;
import fabric.api.topology.QuorumStatus;
import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** The listeners told of membership changes; one that throws is logged and the others still hear. */
final class MembershipListeners {

    private static final System.Logger LOG = System.getLogger(MembershipListeners.class.getName());

    private final CopyOnWriteArrayList<MembershipListener> listeners = new CopyOnWriteArrayList<>();

    void add(MembershipListener listener) {
        listeners.addIfAbsent(Objects.requireNonNull(listener, "listener"));
    }

    void remove(MembershipListener listener) {
        listeners.remove(listener);
    }

    void nodeStateChanged(NodeStateChanged change, QuorumStatus quorum) {
        for (MembershipListener listener : listeners) {
            try {
                listener.nodeStateChanged(change, quorum);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "membership listener " + listener + " failed on " + change
                        + "; the change stands", e);
            }
        }
    }
}
