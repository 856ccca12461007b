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
 * to fragmentation. For VMs close to a node's size that term is too pessimistic, so the restart is
 * also sure when the survivors have a slot of the largest VM's weight for each of m's VMs:
 *
 * <pre>  sum over survivors of floor(free weight / largest VM weight on m)  &gt;=  number of m's VMs</pre>
 *
 * (a survivor takes a VM while its free weight is at least the largest weight, and each VM takes at
 * most that much). The reserve holds when, for every node, one of the two conditions does.
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

    /**
     * Whether the VMs of node {@code lost} are sure to restart on the other accepting nodes.
     *
     * @param lost the lost node's position in the arrays
     * @param free each node's free weight
     * @param accepting whether each node takes VMs
     * @param weightSum each node's VM weight in all
     * @param weightMax each node's largest VM weight
     * @param count each node's number of VMs
     * @return whether the loss of that node strands nothing
     */
    public static boolean lossHolds(int lost, long[] free, boolean[] accepting, long[] weightSum, long[] weightMax,
            int[] count) {
        if (count[lost] == 0) {
            return true;
        }
        long total = 0;
        long slots = 0;
        int survivors = 0;
        long largest = weightMax[lost];
        for (int j = 0; j < free.length; j++) {
            if (j != lost && accepting[j]) {
                survivors++;
                total += free[j];
                slots += free[j] / largest;
            }
        }
        return holds(total, survivors, weightSum[lost], largest) || (survivors >= 1 && slots >= count[lost]);
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
