package fabric.s2d.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of the storage engine (pid {@code fabric.s2d}). */
@ObjectClassDefinition(name = "Fabric storage", description = "Storage pools over the nodes' disks, volume"
        + " geometry, the scrubber's schedule and the NBD export port.")
public @interface StorageConfig {

    /** The configuration pid. */
    String PID = "fabric.s2d";

    /** @return the directory of the disk files; empty for {@code ${fabric.data}/disks} */
    @AttributeDefinition(name = "Disk directory", description = "Where each disk is a sparse file <node>/<disk>."
            + " Empty: the disks folder under the framework property fabric.data.")
    String disks() default "";

    /** @return column bytes per slab */
    @AttributeDefinition(name = "Extent bytes", description = "Column bytes per slab (a slab of k+m holds k times this).")
    int extentBytes() default 256 << 20;

    /** @return the stripe interleave */
    @AttributeDefinition(name = "Interleave bytes", description = "Stripe unit of the columns.")
    int interleaveBytes() default 256 << 10;

    /** @return the region size for written and stale tracking */
    @AttributeDefinition(name = "Region bytes", description = "Unit of written (sparse) and stale (resync) tracking.")
    int regionBytes() default 4 << 20;

    /** @return the size of each metadata slot */
    @AttributeDefinition(name = "Metadata slot bytes", description = "Size of each of the two metadata slots on every disk.")
    int metadataSlotBytes() default 8 << 20;

    /** @return minutes between scrubs of every volume; 0 turns the schedule off */
    @AttributeDefinition(name = "Scrub interval (minutes)", description = "Every so many minutes each volume is"
            + " scrubbed; 0 turns the scheduled scrub off.")
    int scrubIntervalMinutes() default 0;

    /** @return the resync rate assumed until a repair has been measured, in MiB per second */
    @AttributeDefinition(name = "Assumed resync rate (MiB/s)", description = "The resync rate estimates use until"
            + " a repair of the pool has been measured.")
    int resyncMegabytesPerSecond() default 200;

    /** @return milliseconds between rounds of the cache tier's background work; 0 turns it off */
    @AttributeDefinition(name = "Tier interval (ms)", description = "How often the destager and the heat tracker"
            + " run; 0 turns them off (writes then stay in the cache until it is full and write through).")
    int tierIntervalMillis() default 200;

    /** @return the destage rate of each cache drive, in MiB per second */
    @AttributeDefinition(name = "Destage rate (MiB/s)", description = "How fast each cache drive copies dirty blocks"
            + " to capacity while above its high watermark.")
    int destageMegabytesPerSecond() default 100;

    /** @return the share of a cache drive dirty at which destaging starts, in percent */
    @AttributeDefinition(name = "Cache high watermark (%)", description = "Destaging starts when so much of a cache drive is dirty.")
    int cacheHighWatermarkPercent() default 80;

    /** @return the share at which destaging stops, in percent */
    @AttributeDefinition(name = "Cache low watermark (%)", description = "Destaging stops when so little of a cache drive is dirty.")
    int cacheLowWatermarkPercent() default 50;

    /** @return the half-life of a slab's heat in seconds */
    @AttributeDefinition(name = "Heat half-life (s)", description = "A slab's access count halves in so many seconds;"
            + " slabs at 64 accesses move to the cache tier, below 4 back to capacity.")
    int heatHalfLifeSeconds() default 60;

    /** @return bytes of each capacity disk's write queue; 0 writes every column synchronously */
    @AttributeDefinition(name = "Write queue bytes", description = "Each capacity disk's volatile write cache: column"
            + " writes are copied into a ring of so many bytes and acknowledged, one writer thread per disk writes them"
            + " (the copies of a mirror in parallel); a flush drains it first. 0 turns it off (every write synchronous);"
            + " otherwise at least 4096.")
    int writeQueueBytes() default 1 << 20;

    /** @return the NBD port on the loopback address; 0 for any free port */
    @AttributeDefinition(name = "NBD port", description = "TCP port of the NBD server on the loopback address; 0 picks a free one.")
    int nbdPort() default 10809;
}
