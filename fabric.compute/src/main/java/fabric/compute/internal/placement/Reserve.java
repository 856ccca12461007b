package fabric.compute.internal.placement;

/**
 * The arithmetic of the N-1 reserve, shared by both placement implementations so that they decide
 * alike.
 *
 * <p>Sizes are reduced to one dimension: a VM's weight is the larger of its vCPU and memory shares of
 * a reference node (the scale unit's largest capacity in each dimension), rounded up; a node's free
 * weight is the smaller of its free shares, rounded down. In those units any first-fit restart of a
 * lost node {@code m}'s VMs onto the {@code k} surviving up nodes succeeds, in two dimensions and in
 * any order, when
 *
 * <pre>  sum of the survivors' free weight  &gt;=  sum of m's VM weights + (k - 1) * largest VM weight on m</pre>
 *
 * (a VM that fits nowhere finds every survivor with less than its weight free; the survivors' free
 * weight shrinks by at most the weight of each VM placed, so the sum above would have been smaller).
 * Like Azure Stack Hub's resiliency reserve, the {@code (k - 1) * largest VM} term is the room lost
 * to fragmentation.
 */
public final class Reserve {

    /** Weight units per reference node. */
    public static final long SCALE = 1L << 16;

    private Reserve() {
    }

    /**
     * @param vcpus a VM's virtual processors
     * @param memory its memory
     * @param refVcpus the reference node's virtual processors
     * @param refMemory the reference node's memory
     * @return its weight, rounded up
     */
    public static long weight(long vcpus, long memory, long refVcpus, long refMemory) {
        return Math.max(ceilShare(vcpus, refVcpus), ceilShare(memory, refMemory));
    }

    /**
     * @param freeVcpus a node's free virtual processors (may be negative when overcommitted)
     * @param freeMemory its free memory (may be negative)
     * @param refVcpus the reference node's virtual processors
     * @param refMemory the reference node's memory
     * @return its free weight, rounded down, never negative
     */
    public static long free(long freeVcpus, long freeMemory, long refVcpus, long refMemory) {
        if (freeVcpus <= 0 || freeMemory <= 0) {
            return 0;
        }
        return Math.min(floorShare(freeVcpus, refVcpus), floorShare(freeMemory, refMemory));
    }

    /**
     * @param survivorsFree the survivors' free weight in all
     * @param survivors how many survivors
     * @param lostWeight the weight of the lost node's VMs in all
     * @param lostLargest the largest weight of one of them
     * @return whether the lost node's VMs are sure to find room
     */
    public static boolean holds(long survivorsFree, int survivors, long lostWeight, long lostLargest) {
        if (lostWeight == 0) {
            return true;
        }
        return survivors >= 1 && survivorsFree >= lostWeight + (survivors - 1) * lostLargest;
    }

    private static long ceilShare(long amount, long reference) {
        return ceilDiv(multiply(amount), reference);
    }

    private static long floorShare(long amount, long reference) {
        return multiply(amount) / reference;
    }

    private static long multiply(long amount) {
        return Math.multiplyExact(amount, SCALE);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * The score's capacity part: how free a node is, as the smaller of its free vCPU and memory shares.
     *
     * @param capVcpus the node's virtual processors
     * @param usedVcpus the ones its VMs hold
     * @param capMemory its memory
     * @param usedMemory the memory its VMs hold
     * @return 0 (full or overcommitted) to 1 (empty)
     */
    public static double freeShare(long capVcpus, long usedVcpus, long capMemory, long usedMemory) {
        double cpu = Math.max(0, capVcpus - usedVcpus) / (double) capVcpus;
        double memory = Math.max(0, capMemory - usedMemory) / (double) capMemory;
        return Math.min(cpu, memory);
    }
}
