package fabric.sdn.internal.state;

import fabric.api.journal.EventType;

/**
 * A virtual network was deleted.
 *
 * @param name the name
 */
public record VirtualNetworkDeleted(String name) {

    /** The journal event type. */
    public static final EventType<VirtualNetworkDeleted> TYPE = EventType.of("network.vnet-deleted", VirtualNetworkDeleted.class);
}
