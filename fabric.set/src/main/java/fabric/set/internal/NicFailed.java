package fabric.set.internal;

import fabric.api.journal.EventType;

/**
 * A NIC of a node's team failed (fault injection).
 *
 * @param node the node's name
 * @param nic the NIC's name
 */
public record NicFailed(String node, String nic) {

    /** The journal event type. */
    public static final EventType<NicFailed> TYPE = EventType.of("teaming.nic-failed", NicFailed.class);
}
