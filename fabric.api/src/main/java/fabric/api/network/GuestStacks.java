package fabric.api.network;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Makes guest network stacks (offered by the data plane).
 *
 * @since 1.2
 */
@ProviderType
public interface GuestStacks {

    /**
     * @param mac the stack's MAC
     * @param address its address
     * @return a new stack, bound to no port
     */
    GuestStack create(MacAddress mac, Ipv4Address address);
}
