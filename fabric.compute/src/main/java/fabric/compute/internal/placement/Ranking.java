package fabric.compute.internal.placement;

/**
 * The order of eligible nodes, shared by both placement implementations: fewest members of the VM's
 * availability set (fault-domain spread), then fewest of those in another update domain, then the
 * most free capacity, then declared order.
 */
final class Ranking {

    private Ranking() {
    }

    /** @return negative when node {@code a} ranks before node {@code b} */
    static int compare(int setA, int udA, double freeA, int a, int setB, int udB, double freeB, int b) {
        if (setA != setB) {
            return Integer.compare(setA, setB);
        }
        if (udA != udB) {
            return Integer.compare(udA, udB);
        }
        if (freeA != freeB) {
            return Double.compare(freeB, freeA);
        }
        return Integer.compare(a, b);
    }
}
