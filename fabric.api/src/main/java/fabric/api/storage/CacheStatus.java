package fabric.api.storage;

import fabric.api.topology.DiskMedia;
import java.util.List;
import java.util.Objects;

/**
 * A cache drive of the pool as it stands: a write-back cache in front of the capacity drives of its
 * node that it is bound to. Byte counters count 4 KiB blocks since the pool opened.
 *
 * @param node its node
 * @param disk its name
 * @param media its media
 * @param boundTo the capacity drives it caches, by name
 * @param capacityBytes the bytes it can cache (its size, or what the pool's metadata can map)
 * @param usedBytes bytes cached now, dirty or clean
 * @param dirtyBytes bytes written to it and not yet destaged to capacity
 * @param readHitBytes bytes read from it
 * @param readMissBytes bytes of its capacity drives read past it
 * @param destagedBytes bytes copied to capacity by the destager
 * @param promotedBytes bytes of hot slabs copied into it
 * @param writeThroughBytes bytes written past it to capacity because it was full
 * @param hotSlabs slabs of the pool now in the fast tier (the same figure for every cache drive)
 * @param state its state
 * @since 1.1
 */
public record CacheStatus(String node, String disk, DiskMedia media, List<String> boundTo, long capacityBytes,
        long usedBytes, long dirtyBytes, long readHitBytes, long readMissBytes, long destagedBytes, long promotedBytes,
        long writeThroughBytes, long hotSlabs, DiskState state) {

    /** Validates every part; copies the list. */
    public CacheStatus {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(state, "state");
        boundTo = List.copyOf(boundTo);
        if (capacityBytes < 0 || usedBytes < 0 || dirtyBytes < 0 || readHitBytes < 0 || readMissBytes < 0
                || destagedBytes < 0 || promotedBytes < 0 || writeThroughBytes < 0 || hotSlabs < 0) {
            throw new IllegalArgumentException("cache " + node + "/" + disk + ": figures must not be negative");
        }
        if (dirtyBytes > usedBytes || usedBytes > capacityBytes) {
            throw new IllegalArgumentException("cache " + node + "/" + disk + ": dirty <= used <= capacity");
        }
    }
}
