package fabric.sdn.internal.overlay;

import fabric.sdn.internal.wire.Packet;

/**
 * Decides whether a parsed frame may leave or enter a port: the distributed firewall's hook into
 * the data path. Called on the data path's thread with the host's lock held; must not allocate in
 * steady state.
 */
public interface PortFilter {

    /** Lets everything through. */
    PortFilter ALLOW_ALL = new PortFilter() {
        @Override
        public boolean allowOutbound(PortImpl port, Packet packet) {
            return true;
        }

        @Override
        public boolean allowInbound(PortImpl port, Packet packet) {
            return true;
        }
    };

    /**
     * @param port the sending port
     * @param packet the frame it sends
     * @return true to let it out
     */
    boolean allowOutbound(PortImpl port, Packet packet);

    /**
     * @param port the receiving port
     * @param packet the frame for it
     * @return true to deliver it
     */
    boolean allowInbound(PortImpl port, Packet packet);
}
