package fabric.sdn.internal.state;

import fabric.api.journal.EventType;
import fabric.api.network.Encapsulation;

/**
 * A virtual network was created (address space: CIDR prefixes, comma-separated).
 *
 * @param name the name
 * @param vni the VNI
 * @param addressSpace CIDR prefixes, comma-separated
 * @param encapsulation the encapsulation
 */
public record VirtualNetworkCreated(String name, int vni, String addressSpace, Encapsulation encapsulation) {

    /** The journal event type. */
    public static final EventType<VirtualNetworkCreated> TYPE = EventType.of("network.vnet-created", VirtualNetworkCreated.class);
}
