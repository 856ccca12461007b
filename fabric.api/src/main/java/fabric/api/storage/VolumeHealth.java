package fabric.api.storage;

/** The health of a volume. */
public enum VolumeHealth {
    /** Every column of every slab is current. */
    HEALTHY,
    /** Some columns are away or stale; every byte is still readable and writable from redundancy. */
    DEGRADED,
    /** Stale columns are being brought back up to date. */
    RESYNCING,
    /** More fault domains are lost than the resiliency tolerates: I/O is refused, never answered wrong. */
    OFFLINE
}
