package fabric.sdn.internal.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The compiled classifier decides exactly as the priority-ordered linear scan does: 10,000
 * ClassBench-style rules, 10^6 packets, 100% agreement on the deciding atom. The 10^6 packets are
 * checked against {@link BucketedLinearScan} (a linear scan with a sound pre-filter on the
 * destination's top byte), which is itself checked against the plain scan on every 50th packet.
 */
class ClassifierAgreementTest {

    private static final long SEED = Long.getLong("classifier.seed", 20261125L);

    @Test
    void compiledClassifierAgreesWithLinearScanOnAMillionPackets() {
        ClassBenchRules gen = new ClassBenchRules(SEED);
        RuleTable rules = gen.rules(10_000);
        LinearClassifier linear = new LinearClassifier(rules);
        BucketedLinearScan scan = new BucketedLinearScan(rules);
        CompiledClassifier compiled = new CompiledClassifier(rules);
        BitVectorClassifier flat = new BitVectorClassifier(rules);
        int n = 1_000_000;
        int[][] p = gen.packets(rules, n);
        // The bucketed scan is the plain linear scan, pre-filtered soundly; check that on a sample.
        for (int k = 0; k < n; k += 50) {
            assertEquals(linear.classify(p[0][k], p[1][k], p[2][k], p[3][k], p[4][k]),
                    scan.classify(p[0][k], p[1][k], p[2][k], p[3][k], p[4][k]), "packet " + k);
        }
        int matched = 0;
        int deep = 0;
        for (int k = 0; k < n; k++) {
            int expected = scan.classify(p[0][k], p[1][k], p[2][k], p[3][k], p[4][k]);
            int actual = compiled.classify(p[0][k], p[1][k], p[2][k], p[3][k], p[4][k]);
            if (expected != actual) {
                assertEquals(expected, actual, "packet " + k + " (seed " + SEED + ")");
            }
            if ((k & 15) == 0) {
                int leafOnly = flat.classify(p[0][k], p[1][k], p[2][k], p[3][k], p[4][k]);
                if (expected != leafOnly) {
                    assertEquals(expected, leafOnly, "flat bit vector, packet " + k + " (seed " + SEED + ")");
                }
            }
            if (expected >= 0) {
                matched++;
                deep += expected >= 1_000 ? 1 : 0;
            }
        }
        assertTrue(matched > n / 3, "many packets match some rule: " + matched);
        assertTrue(deep > n / 10, "many decisions lie deep in the rule list: " + deep);
    }

    @Test
    void smallTablesAndEdgesOfTheValueLines() {
        RuleTable t = new RuleTable();
        t.add(0xFFFF_FF00, 24, 0, 0, 65535, 65535, 0, 0, 6, true, 0);
        t.add(0, 0, 0xFFFF_FFFF, 32, 0, 65535, 0, 65535, -1, false, 1);
        t.add(0x8000_0000, 1, 0, 0, 0, 65535, 0, 65535, 255, true, 2);
        BitVectorClassifier c = new BitVectorClassifier(t);
        CompiledClassifier tree = new CompiledClassifier(t);
        LinearClassifier l = new LinearClassifier(t);
        int[] values = {0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FF00, 0xFFFF_FFFF};
        int[] ports = {0, 1, 65534, 65535};
        int[] protos = {0, 6, 17, 255};
        for (int s : values) {
            for (int d : values) {
                for (int sp : ports) {
                    for (int dp : ports) {
                        for (int pr : protos) {
                            assertEquals(l.classify(s, d, sp, dp, pr), c.classify(s, d, sp, dp, pr));
                            assertEquals(l.classify(s, d, sp, dp, pr), tree.classify(s, d, sp, dp, pr));
                        }
                    }
                }
            }
        }
        assertEquals(0, c.classify(0xFFFF_FF01, 5, 65535, 0, 6));
        assertEquals(1, c.classify(1, 0xFFFF_FFFF, 7, 7, 17));
        assertEquals(-1, c.classify(1, 2, 7, 7, 17));
        assertEquals(-1, new BitVectorClassifier(new RuleTable()).classify(1, 2, 3, 4, 6));
    }
}
