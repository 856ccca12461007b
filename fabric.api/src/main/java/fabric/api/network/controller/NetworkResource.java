package fabric.api.network.controller;

import java.util.Objects;

/**
 * A network resource as the controller holds it.
 *
 * @param id its identity
 * @param etag its entity tag, which changes with every write ({@code W/"<version>"})
 * @param version the desired-state version that last wrote it
 * @param json its ARM representation ({@code id}, {@code name}, {@code type}, {@code etag},
 *        {@code properties} with {@code provisioningState} and the controller's additions)
 */
public record NetworkResource(ResourceId id, String etag, long version, String json) {

    /** Validates every part. */
    public NetworkResource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(json, "json");
    }
}
