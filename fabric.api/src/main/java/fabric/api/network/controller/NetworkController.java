package fabric.api.network.controller;

import fabric.api.network.FrameSink;
import fabric.api.network.VPort;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The network controller: desired state in ARM shapes, versioned and journaled, pushed southbound to
 * every node's data plane. Writes are atomic: a write that throws changed nothing. Thread-safe.
 */
@ProviderType
public interface NetworkController {

    /**
     * Creates or replaces a resource.
     *
     * @param id the resource
     * @param json its ARM body ({@code properties} as Azure defines them; a network interface also names
     *        its {@code properties.node})
     * @param ifMatch the {@code If-Match} tag the current resource must carry ({@code *}: it must exist), or {@code null}
     * @param ifNoneMatch {@code *} to create only, or {@code null}
     * @return the stored resource
     * @throws fabric.api.core.FabricException {@code INVALID_ARGUMENT} with every violation (field and reason),
     *         {@link EtagMismatchException} when a condition fails, {@code FAILED_PRECONDITION} when a change
     *         would break a resource that refers to this one
     */
    NetworkResource put(ResourceId id, String json, String ifMatch, String ifNoneMatch);

    /**
     * @param id a resource
     * @return the resource, if it exists
     */
    Optional<NetworkResource> get(ResourceId id);

    /**
     * @param subscription a subscription, or {@code null} for every subscription
     * @param resourceGroup a resource group, or {@code null} for every group
     * @param type a kind of resource
     * @return the matching resources, by id
     */
    List<NetworkResource> list(String subscription, String resourceGroup, ResourceType type);

    /**
     * Deletes a resource.
     *
     * @param id the resource
     * @param ifMatch the tag the resource must carry, or {@code null}
     * @return false when there was nothing to delete
     * @throws fabric.api.core.FabricException {@code FAILED_PRECONDITION} while another resource refers to it,
     *         {@link EtagMismatchException} when the tag does not match
     */
    boolean delete(ResourceId id, String ifMatch);

    /** @return the current desired-state version (0 when empty) */
    long version();

    /** @return every node's desired against applied policy version, in topology order */
    List<NodePolicyStatus> status();

    /**
     * Pushes the current policy to every up node that has not acknowledged it. Idempotent.
     *
     * @return the nodes that applied a policy
     */
    int reconcile();

    /** @return the northbound REST endpoint's base URI, if the server runs */
    Optional<URI> endpoint();

    /**
     * Plugs a guest's vNIC into a network interface's port (a VM starting with that interface): the
     * frames the port receives go to the sink from now on, instead of the controller's placeholder
     * (which answers only pings), also after the port is attached again (the interface moved).
     *
     * @param networkInterface a network interface whose port the node's agent attached
     * @param vnic the guest's side
     * @return the port, to send the guest's frames on
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} for an unknown interface,
     *         {@code FAILED_PRECONDITION} while its port is not attached (its node is down)
     * @since 1.1
     */
    VPort plug(ResourceId networkInterface, FrameSink vnic);

    /**
     * Unplugs a guest's vNIC: the placeholder answers the port again.
     *
     * @param networkInterface a network interface
     * @return false when nothing was plugged
     * @since 1.1
     */
    boolean unplug(ResourceId networkInterface);
}
