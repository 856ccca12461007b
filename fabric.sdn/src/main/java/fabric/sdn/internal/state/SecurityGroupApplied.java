package fabric.sdn.internal.state;

import fabric.api.journal.EventType;

/**
 * A network security group was created or replaced (rules as {@link RuleCodec} writes them).
 *
 * @param name the name
 * @param stateful true for a stateful group
 * @param rules the group's own rules, as {@link RuleCodec#encode} writes them
 */
public record SecurityGroupApplied(String name, boolean stateful, String rules) {

    /** The journal event type. */
    public static final EventType<SecurityGroupApplied> TYPE = EventType.of("network.nsg-applied", SecurityGroupApplied.class);
}
