package fabric.api.storage;

import fabric.api.core.FabricException;

/**
 * The resiliency of a volume, as Storage Spaces Direct names them. Each kind tolerates the loss of
 * {@link #faultTolerance()} fault domains (nodes) without losing data.
 */
public enum Resiliency {
    /** Two copies on two nodes: tolerates one failure, 50% efficiency. */
    TWO_WAY_MIRROR(1, 2),
    /** Three copies on three nodes: tolerates two failures, 33% efficiency. */
    THREE_WAY_MIRROR(2, 3),
    /** Reed-Solomon with one parity column (2+1 on three nodes, 3+1 on four or more): tolerates one failure. */
    SINGLE_PARITY(1, 3),
    /** Reed-Solomon with two parity columns (2+2 on four or five nodes, 4+2 on six or seven, 6+2 on eight or more): tolerates two failures. */
    DUAL_PARITY(2, 4),
    /**
     * Mirror-accelerated parity: a three-way mirror tier taking the writes (a fifth of the size)
     * in front of a dual-parity tier (the layout of {@link #DUAL_PARITY}) that holds the rest; cold
     * slabs are rotated from mirror to parity in the background. Tolerates two failures; its
     * efficiency is the mix of where its data sits (33% in mirror, 50-75% in parity).
     *
     * @since 1.1
     */
    MIRROR_ACCELERATED_PARITY(2, 4);

    private final int faultTolerance;
    private final int minimumFaultDomains;

    Resiliency(int faultTolerance, int minimumFaultDomains) {
        this.faultTolerance = faultTolerance;
        this.minimumFaultDomains = minimumFaultDomains;
    }

    /** @return how many fault domains may fail at once without losing data */
    public int faultTolerance() {
        return faultTolerance;
    }

    /** @return the fewest fault domains (nodes) a volume of this kind needs */
    public int minimumFaultDomains() {
        return minimumFaultDomains;
    }

    /** @return {@code true} for the mirrors, {@code false} for the parity kinds (mirror-accelerated parity included) */
    public boolean isMirror() {
        return this == TWO_WAY_MIRROR || this == THREE_WAY_MIRROR;
    }

    /**
     * The layout a new volume of this kind gets on a pool with so many fault domains.
     *
     * @param faultDomains the pool's fault domains (nodes with capacity disks)
     * @return the layout
     * @throws FabricException {@code INSUFFICIENT_CAPACITY} when there are fewer than {@link #minimumFaultDomains()}
     */
    public Layout layoutFor(int faultDomains) {
        if (faultDomains < minimumFaultDomains) {
            throw new FabricException(fabric.api.core.ErrorCode.INSUFFICIENT_CAPACITY, this + " needs "
                    + minimumFaultDomains + " fault domains, the pool has " + faultDomains);
        }
        return switch (this) {
            case TWO_WAY_MIRROR -> new Layout(1, 1);
            case THREE_WAY_MIRROR -> new Layout(1, 2);
            case SINGLE_PARITY -> new Layout(faultDomains >= 4 ? 3 : 2, 1);
            case DUAL_PARITY, MIRROR_ACCELERATED_PARITY -> new Layout(faultDomains >= 8 ? 6 : faultDomains >= 6 ? 4 : 2, 2);
        };
    }
}
