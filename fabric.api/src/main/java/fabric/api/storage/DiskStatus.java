package fabric.api.storage;

import fabric.api.topology.DiskMedia;
import fabric.api.topology.DiskRole;
import java.util.Objects;

/**
 * A disk of the pool as it stands.
 *
 * @param node the node it belongs to (its fault domain)
 * @param name its name on the node
 * @param media its media
 * @param role cache or capacity
 * @param path the file or block device behind it
 * @param sizeBytes its size
 * @param usedBytes bytes of it that slab columns occupy
 * @param state its state
 * @param reason why it is not online, in words; empty when online
 */
public record DiskStatus(String node, String name, DiskMedia media, DiskRole role, String path, long sizeBytes,
        long usedBytes, DiskState state, String reason) {

    /** Validates every part. */
    public DiskStatus {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        if (sizeBytes < 0 || usedBytes < 0) {
            throw new IllegalArgumentException("disk " + node + "/" + name + ": sizes must not be negative");
        }
    }
}
