package fabric.api.network;

import fabric.api.core.NodeId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The overlay data plane: virtual networks, their customer-to-provider address mappings, and the
 * vPorts that vNICs attach to. Operations that fail throw {@link fabric.api.core.FabricException}
 * and change nothing. Thread-safe.
 */
@ProviderType
public interface VirtualNetworks {

    /**
     * @param spec the network
     * @throws fabric.api.core.FabricException {@code ALREADY_EXISTS} when the name or VNI is taken
     */
    void create(VirtualNetworkSpec spec);

    /**
     * Deletes a network without ports.
     *
     * @param name the network's name
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}, or {@code FAILED_PRECONDITION} while ports remain
     */
    void delete(String name);

    /** @return every network, by name */
    List<VirtualNetworkSpec> networks();

    /**
     * Adds (or replaces, for the same customer address) a mapping on every host.
     *
     * @param mapping the mapping
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} for an unknown network or provider address,
     *         {@code INVALID_ARGUMENT} when the customer address is outside the network's address space
     */
    void map(AddressMapping mapping);

    /**
     * @param virtualNetwork a network's name
     * @return its mappings, by customer address
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} for an unknown network
     */
    List<AddressMapping> mappings(String virtualNetwork);

    /**
     * Creates a vPort on the node's virtual switch, attaches the sink and maps the port's customer
     * address to the node's provider address.
     *
     * @param spec the port
     * @param sink what receives the port's frames
     * @return the port
     * @throws fabric.api.core.FabricException {@code ALREADY_EXISTS} for a taken name or customer address,
     *         {@code NOT_FOUND} for an unknown node or network, {@code INVALID_ARGUMENT} for an address
     *         outside the network's address space
     */
    VPort attach(VPortSpec spec, FrameSink sink);

    /**
     * Detaches a port and removes its mapping.
     *
     * @param port the port's name
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}
     */
    void detach(String port);

    /**
     * @param port a port's name
     * @return the port, if attached
     */
    Optional<VPort> port(String port);

    /** @return every attached port, by name */
    List<VPort> ports();

    /**
     * @param node a node
     * @return the node's provider address
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} for an unknown node
     */
    Ipv4Address providerAddress(NodeId node);

    /** @return every node's provider address, in topology order */
    Map<NodeId, Ipv4Address> providerAddresses();

    /**
     * Starts writing every frame a port sends and receives, or every encapsulated frame a node's
     * host sends and receives (name the node), to a pcap file.
     *
     * @param portOrNode a port's or a node's name
     * @param file the pcap file to create
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}, or {@code INTERNAL} when the file cannot be written
     */
    void capture(String portOrNode, Path file);

    /**
     * Stops a capture and closes its file.
     *
     * @param portOrNode a port's or node's name
     * @return the frames written
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} when nothing is being captured there
     */
    long stopCapture(String portOrNode);

    /** @return frames dropped by the data plane, by reason, over every node (non-zero counts only) */
    Map<String, Long> drops();
}
