package fabric.sdn.internal.wire;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counts dropped frames by {@link Drop} reason. Written by the one thread that owns the data path,
 * read by anyone (plain long array; readers may see slightly stale values).
 */
public final class DropCounters {

    private final long[] counts = new long[Drop.all().length];

    /**
     * Counts one drop.
     *
     * @param reason why the frame was dropped
     */
    public void count(Drop reason) {
        counts[reason.ordinal()]++;
    }

    /**
     * @param reason a reason
     * @return how many frames were dropped for it
     */
    public long get(Drop reason) {
        return counts[reason.ordinal()];
    }

    /** @return every drop counted so far */
    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** @return the non-zero counts, by reason (allocates: for reports only) */
    public Map<Drop, Long> snapshot() {
        Map<Drop, Long> map = new EnumMap<>(Drop.class);
        for (Drop d : Drop.all()) {
            if (counts[d.ordinal()] != 0) {
                map.put(d, counts[d.ordinal()]);
            }
        }
        return map;
    }
}
