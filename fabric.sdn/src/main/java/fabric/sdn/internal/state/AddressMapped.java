package fabric.sdn.internal.state;

import fabric.api.journal.EventType;

/**
 * A customer address was mapped to a provider address by the API (not by a port's attach).
 *
 * @param virtualNetwork the virtual network's name
 * @param customerAddress the customer address (dotted quad)
 * @param customerMac the customer MAC
 * @param providerAddress the provider address (dotted quad)
 */
public record AddressMapped(String virtualNetwork, String customerAddress, String customerMac, String providerAddress) {

    /** The journal event type. */
    public static final EventType<AddressMapped> TYPE = EventType.of("network.address-mapped", AddressMapped.class);
}
