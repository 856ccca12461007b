package fabric.api.topology;

import fabric.api.core.Names;
import java.util.Objects;

/**
 * A physical disk of a node, as declared in the topology.
 *
 * @param name the disk's name, unique on its node
 * @param media its media
 * @param role cache or capacity
 * @param sizeBytes its raw size in bytes; positive
 */
public record DiskSpec(String name, DiskMedia media, DiskRole role, long sizeBytes) {

    /** Validates every part. */
    public DiskSpec {
        Names.require("disk.name", name);
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(role, "role");
        if (sizeBytes <= 0) {
            throw new IllegalArgumentException("disk " + name + ": size must be positive");
        }
    }
}
