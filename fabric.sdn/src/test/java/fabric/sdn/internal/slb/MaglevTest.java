package fabric.sdn.internal.slb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The table properties the issue asks for, at the fabric's table size. */
class MaglevTest {

    static String[] backends(int n) {
        String[] b = new String[n];
        for (int i = 0; i < n; i++) {
            b[i] = "10.1." + (i / 250) + "." + (i % 250 + 1);
        }
        return b;
    }

    static double maxOverMean(Maglev m) {
        int[] load = new int[m.backends().length];
        for (int b : m.entries()) {
            load[b]++;
        }
        int max = 0;
        for (int l : load) {
            assertTrue(l > 0, "every backend owns entries");
            max = Math.max(max, l);
        }
        return max / ((double) Maglev.TABLE_SIZE / load.length);
    }

    /** Fraction of entries whose backend (by name) differs. */
    static double moved(Maglev a, Maglev b) {
        String[] an = a.backends();
        String[] bn = b.backends();
        int[] ae = a.entries();
        int[] be = b.entries();
        int moved = 0;
        for (int e = 0; e < ae.length; e++) {
            if (!an[ae[e]].equals(bn[be[e]])) {
                moved++;
            }
        }
        return (double) moved / ae.length;
    }

    @Test
    void everyBackendGetsItsShareWithin5Percent() {
        for (int n : new int[] {1, 3, 10, 100, 1000}) {
            double ratio = maxOverMean(Maglev.build(backends(n), Maglev.TABLE_SIZE));
            assertTrue(ratio <= 1.05, n + " backends: max/mean " + ratio);
        }
    }

    @Test
    void removingOneBackendMovesOnlyItsFlowsAndTheTableStaysBalanced() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : new int[] {10, 100, 1000}) {
            String[] all = backends(n);
            Maglev before = Maglev.build(all, Maglev.TABLE_SIZE);
            for (int trial = 0; trial < 3; trial++) {
                String gone = all[rnd.nextInt(n)];
                Maglev after = before.without(gone);
                double fraction = moved(before, after);
                assertTrue(fraction <= 1.5 / n, n + " backends, removed " + gone + ": moved " + fraction
                        + " > 1.5/N = " + 1.5 / n);
                assertTrue(maxOverMean(after) <= 1.05, "balanced after removal: " + maxOverMean(after));
                for (int e = 0; e < Maglev.TABLE_SIZE; e += 97) {
                    if (!before.backendOf(e).equals(gone)) {
                        assertEquals(before.backendOf(e), after.backendOf(e), "only the removed backend's flows move");
                    }
                }
            }
        }
    }

    @Test
    void aLongSeriesOfPoolChangesStaysBalancedAndMovesLittle() {
        SplittableRandom rnd = new SplittableRandom(11);
        List<String> pool = new ArrayList<>(List.of(backends(200)));
        int fresh = 10_000;
        Maglev m = Maglev.build(pool.toArray(new String[0]), Maglev.TABLE_SIZE);
        for (int step = 0; step < 100; step++) {
            Maglev next;
            if (rnd.nextBoolean() && pool.size() > 2) {
                String gone = pool.remove(rnd.nextInt(pool.size()));
                next = m.without(gone);
                assertTrue(moved(m, next) <= 1.5 / (pool.size() + 1), "step " + step);
            } else {
                String joined = "backend-" + fresh++;
                pool.add(joined);
                next = m.with(joined);
                assertTrue(moved(m, next) <= 1.5 / pool.size(), "step " + step + ": " + moved(m, next));
            }
            assertTrue(maxOverMean(next) <= 1.05, "step " + step + ": " + maxOverMean(next));
            m = next;
        }
    }

    @Test
    void theTableDependsOnTheSetNotTheOrder() {
        String[] b = backends(50);
        Maglev table = Maglev.build(b, Maglev.TABLE_SIZE);
        List<String> shuffled = new ArrayList<>(List.of(b));
        Collections.shuffle(shuffled, new java.util.Random(3));
        Maglev other = Maglev.build(shuffled.toArray(new String[0]), Maglev.TABLE_SIZE);
        assertArrayEquals(table.entries(), other.entries());
        assertArrayEquals(table.backends(), other.backends());
    }

    @Test
    void badPoolsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Maglev.build(new String[0], 7));
        assertThrows(IllegalArgumentException.class, () -> Maglev.build(new String[] {"a", "a"}, 7));
        assertThrows(IllegalArgumentException.class, () -> Maglev.build(backends(7), 7));
        Maglev one = Maglev.build(new String[] {"a"}, 7);
        assertThrows(IllegalArgumentException.class, () -> one.without("a"));
        assertThrows(IllegalArgumentException.class, () -> one.without("b"));
        assertThrows(IllegalArgumentException.class, () -> one.with("a"));
    }
}
