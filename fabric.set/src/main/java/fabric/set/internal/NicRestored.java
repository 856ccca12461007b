package fabric.set.internal;

import fabric.api.journal.EventType;

/**
 * A failed NIC of a node's team returned.
 *
 * @param node the node's name
 * @param nic the NIC's name
 */
public record NicRestored(String node, String nic) {

    /** The journal event type. */
    public static final EventType<NicRestored> TYPE = EventType.of("teaming.nic-restored", NicRestored.class);
}
