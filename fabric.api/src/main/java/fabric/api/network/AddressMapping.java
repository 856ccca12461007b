package fabric.api.network;

import java.util.Objects;

/**
 * Where a customer address lives: the provider address (PA) of the host that runs it. Hosts
 * encapsulate a frame for the customer address (CA) to that PA, and answer ARP for the CA with
 * {@code customerMac} without flooding.
 *
 * @param virtualNetwork the virtual network's name
 * @param customerAddress the tenant's address (CA)
 * @param customerMac the tenant endpoint's MAC
 * @param providerAddress the host's provider address (PA)
 */
public record AddressMapping(String virtualNetwork, Ipv4Address customerAddress, MacAddress customerMac,
        Ipv4Address providerAddress) {

    /** Validates every part. */
    public AddressMapping {
        Objects.requireNonNull(virtualNetwork, "virtualNetwork");
        Objects.requireNonNull(customerAddress, "customerAddress");
        Objects.requireNonNull(customerMac, "customerMac");
        Objects.requireNonNull(providerAddress, "providerAddress");
        if (customerMac.isMulticast() || customerMac.value() == 0) {
            throw new IllegalArgumentException("mapping for " + customerAddress + ": MAC " + customerMac
                    + " is not a unicast address");
        }
    }
}
