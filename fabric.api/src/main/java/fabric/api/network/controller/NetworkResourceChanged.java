package fabric.api.network.controller;

import fabric.api.journal.EventType;
import java.util.Objects;

/**
 * Journal event: the controller's desired state moved to a new version by writing or deleting one
 * resource. Replaying these in order rebuilds the desired state.
 *
 * @param version the new desired-state version
 * @param id the resource's ARM id
 * @param json the resource's stored representation; empty for a delete
 */
public record NetworkResourceChanged(long version, String id, String json) {

    /** The event's type in the journal. */
    public static final EventType<NetworkResourceChanged> TYPE =
            EventType.of("network.controller.resource-changed", NetworkResourceChanged.class);

    /** Validates every part. */
    public NetworkResourceChanged {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(json, "json");
        if (version < 1) {
            throw new IllegalArgumentException("version " + version + " is not positive");
        }
    }

    /** @return true for a delete */
    public boolean deleted() {
        return json.isEmpty();
    }
}
