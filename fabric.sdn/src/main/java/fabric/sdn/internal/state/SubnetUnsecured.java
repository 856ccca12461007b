package fabric.sdn.internal.state;

import fabric.api.journal.EventType;

/**
 * A subnet's security group association was removed.
 *
 * @param virtualNetwork the network
 * @param subnet the subnet's prefix
 */
public record SubnetUnsecured(String virtualNetwork, String subnet) {

    /** The journal event type. */
    public static final EventType<SubnetUnsecured> TYPE = EventType.of("network.subnet-unsecured", SubnetUnsecured.class);
}
