package fabric.sdn.internal.state;

import fabric.api.journal.EventType;

/**
 * A network security group was associated with a subnet.
 *
 * @param group the group's name
 * @param virtualNetwork the virtual network's name
 * @param subnet the subnet prefix
 */
public record SubnetSecured(String group, String virtualNetwork, String subnet) {

    /** The journal event type. */
    public static final EventType<SubnetSecured> TYPE = EventType.of("network.nsg-subnet-associated", SubnetSecured.class);
}
