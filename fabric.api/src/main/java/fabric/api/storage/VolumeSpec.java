package fabric.api.storage;

import fabric.api.core.Names;
import java.util.Objects;

/**
 * What a new volume should be.
 *
 * @param name the volume's name, unique in its pool
 * @param resiliency how it survives failures
 * @param sizeBytes its size as clients see it; positive and a multiple of 4096
 */
public record VolumeSpec(String name, Resiliency resiliency, long sizeBytes) {

    /** The block size every volume size is a multiple of. */
    public static final int BLOCK = 4096;

    /** Validates every part. */
    public VolumeSpec {
        Names.require("volume.name", name);
        Objects.requireNonNull(resiliency, "resiliency");
        if (sizeBytes <= 0 || sizeBytes % BLOCK != 0) {
            throw new IllegalArgumentException("volume " + name + ": size must be a positive multiple of 4096, not "
                    + sizeBytes);
        }
    }
}
