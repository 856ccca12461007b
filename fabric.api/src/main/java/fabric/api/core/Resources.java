package fabric.api.core;

/**
 * An amount of compute: processors and memory. Used both for what a node offers and for what a
 * workload needs.
 *
 * @param cpus logical processors (or virtual processors for a workload); never negative
 * @param memoryBytes memory in bytes; never negative
 */
public record Resources(long cpus, long memoryBytes) {

    /** Nothing at all. */
    public static final Resources NONE = new Resources(0, 0);

    /** Rejects negative amounts. */
    public Resources {
        if (cpus < 0 || memoryBytes < 0) {
            throw new IllegalArgumentException("resources cannot be negative: " + cpus + " cpus, "
                    + memoryBytes + " bytes");
        }
    }

    /**
     * @param other an amount
     * @return the sum
     */
    public Resources plus(Resources other) {
        return new Resources(Math.addExact(cpus, other.cpus), Math.addExact(memoryBytes, other.memoryBytes));
    }

    /**
     * @param other an amount no larger than this one in either dimension
     * @return the difference
     * @throws IllegalArgumentException when the result would be negative
     */
    public Resources minus(Resources other) {
        return new Resources(cpus - other.cpus, memoryBytes - other.memoryBytes);
    }

    /**
     * @param demand an amount
     * @return whether {@code demand} fits in this amount in both dimensions
     */
    public boolean fits(Resources demand) {
        return demand.cpus <= cpus && demand.memoryBytes <= memoryBytes;
    }

    /** @return for example {@code 16 cpus, 256 GiB} */
    @Override
    public String toString() {
        return cpus + " cpus, " + new ByteSize(memoryBytes);
    }
}
