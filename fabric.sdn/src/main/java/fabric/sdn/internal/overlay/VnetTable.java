package fabric.sdn.internal.overlay;

import fabric.api.network.Encapsulation;
import fabric.api.network.VirtualNetworkSpec;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * A host's view of one virtual network: the CA -> PA mapping table pushed to it, and the ports of
 * the network on this host by customer address. Guarded by the host's lock.
 */
final class VnetTable {
    final VirtualNetworkSpec spec;
    final String name;
    final int vni;
    final Encapsulation encapsulation;
    final Int2ObjectHashMap<Mapping> mappings = new Int2ObjectHashMap<>();
    final Int2ObjectHashMap<PortImpl> localPorts = new Int2ObjectHashMap<>();
    final Long2ObjectHashMap<PortImpl> portsByMac = new Long2ObjectHashMap<>();

    VnetTable(VirtualNetworkSpec spec) {
        this.spec = spec;
        this.name = spec.name();
        this.vni = spec.vni();
        this.encapsulation = spec.encapsulation();
    }
}
