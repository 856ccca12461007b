package fabric.sdn.internal.state;

import fabric.api.journal.EventType;

/**
 * A network security group was deleted.
 *
 * @param name the name
 */
public record SecurityGroupDeleted(String name) {

    /** The journal event type. */
    public static final EventType<SecurityGroupDeleted> TYPE = EventType.of("network.nsg-deleted", SecurityGroupDeleted.class);
}
