package fabric.sdn.internal.firewall;

import java.util.SplittableRandom;

/**
 * Synthetic rule sets and packet traces shaped like ClassBench's ACL seeds (Taylor and Turner,
 * INFOCOM 2005): prefixes drawn from a limited pool of address blocks so they nest and overlap,
 * prefix lengths clustered at 0, 8, 16, 24 and 32 and spread between (never both addresses
 * wildcards: ACLs name at least one side), port ranges of the five
 * ClassBench classes (wildcard, well-known 0-1023, ephemeral 1024-65535, arbitrary range, exact
 * port), and protocols mostly TCP and UDP. Traces mix headers drawn inside a random rule (as
 * ClassBench's trace generator does) with uniformly random headers. Seeded: the same seed gives the
 * same rules and packets.
 */
public final class ClassBenchRules {

    private final SplittableRandom rnd;
    private final int[] blocks;

    /** @param seed the seed */
    public ClassBenchRules(long seed) {
        this.rnd = new SplittableRandom(seed);
        this.blocks = new int[64];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = rnd.nextInt();
        }
    }

    /**
     * @param count atoms to generate
     * @return a rule table of {@code count} atoms, each its own rule, in priority order
     */
    public RuleTable rules(int count) {
        RuleTable t = new RuleTable();
        for (int i = 0; i < count; i++) {
            int sLen = prefixLength(true);
            int dLen = prefixLength(false);
            while (sLen == 0 && dLen == 0) {
                dLen = prefixLength(false);
            }
            int s = address(sLen);
            int d = address(dLen);
            int[] sp = portRange(true);
            int[] dp = portRange(false);
            int r = rnd.nextInt(100);
            int proto = r < 55 ? 6 : r < 85 ? 17 : r < 90 ? 1 : -1;
            if (proto == 1) {
                sp = new int[] {0, 65535};
                dp = new int[] {0, 65535};
            }
            t.add(s, sLen, d, dLen, sp[0], sp[1], dp[0], dp[1], proto, rnd.nextInt(3) != 0, i);
        }
        return t;
    }

    private int prefixLength(boolean source) {
        int r = rnd.nextInt(100);
        int[] cumulative = source ? SOURCE_LENGTHS : DESTINATION_LENGTHS;
        int[] lengths = {0, 8, 16, 24, 32};
        for (int i = 0; i < lengths.length; i++) {
            if (r < cumulative[i]) {
                return lengths[i];
            }
        }
        return 8 + rnd.nextInt(25);
    }

    // Cumulative percentages for /0, /8, /16, /24, /32 (ACL seeds: sources broader than destinations).
    private static final int[] SOURCE_LENGTHS = {5, 15, 40, 70, 90};
    private static final int[] DESTINATION_LENGTHS = {2, 7, 27, 60, 90};

    private int address(int length) {
        // A pooled block for the high bits so prefixes nest; random low bits.
        int block = blocks[rnd.nextInt(blocks.length)] & 0xFFFF_0000;
        int tail = rnd.nextInt(64) << 8 | rnd.nextInt(256);
        int addr = block | (tail & 0xFFFF);
        return length == 0 ? 0 : addr & (-1 << (32 - length));
    }

    private int[] portRange(boolean source) {
        int r = rnd.nextInt(100);
        if (source ? r < 70 : r < 25) {
            return new int[] {0, 65535};
        }
        if (r < (source ? 80 : 35)) {
            return new int[] {1024, 65535};
        }
        if (r < (source ? 85 : 45)) {
            return new int[] {0, 1023};
        }
        if (r < (source ? 90 : 55)) {
            int a = rnd.nextInt(65536);
            int b = rnd.nextInt(65536);
            return new int[] {Math.min(a, b), Math.max(a, b)};
        }
        int p = rnd.nextInt(10) < 7 ? WELL_KNOWN[rnd.nextInt(WELL_KNOWN.length)] : rnd.nextInt(65536);
        return new int[] {p, p};
    }

    private static final int[] WELL_KNOWN = {20, 21, 22, 23, 25, 53, 80, 110, 123, 143, 161, 389, 443, 445, 993,
        1433, 1521, 3306, 3389, 5432, 8080, 8443};

    /**
     * Fills a packet trace: half the headers inside a random atom, half uniformly random.
     *
     * @param t the rules the trace targets
     * @param n packets
     * @return {@code int[5][n]}: source, destination, source port, destination port, protocol
     */
    public int[][] packets(RuleTable t, int n) {
        int[][] p = new int[5][n];
        for (int k = 0; k < n; k++) {
            if (rnd.nextBoolean() && t.size > 0) {
                int i = rnd.nextInt(t.size);
                p[0][k] = t.srcAddr[i] | (rnd.nextInt() & ~t.srcMask[i]);
                p[1][k] = t.dstAddr[i] | (rnd.nextInt() & ~t.dstMask[i]);
                p[2][k] = t.srcPortLo[i] + rnd.nextInt(t.srcPortHi[i] - t.srcPortLo[i] + 1);
                p[3][k] = t.dstPortLo[i] + rnd.nextInt(t.dstPortHi[i] - t.dstPortLo[i] + 1);
                int proto = t.protocol[i] >= 0 ? t.protocol[i] : PROTOCOLS[rnd.nextInt(PROTOCOLS.length)];
                p[4][k] = proto;
            } else {
                p[0][k] = rnd.nextBoolean() ? rnd.nextInt() : blocks[rnd.nextInt(blocks.length)] ^ (rnd.nextInt() & 0xFFFF);
                p[1][k] = rnd.nextBoolean() ? rnd.nextInt() : blocks[rnd.nextInt(blocks.length)] ^ (rnd.nextInt() & 0xFFFF);
                p[2][k] = rnd.nextInt(65536);
                p[3][k] = rnd.nextBoolean() ? WELL_KNOWN[rnd.nextInt(WELL_KNOWN.length)] : rnd.nextInt(65536);
                p[4][k] = PROTOCOLS[rnd.nextInt(PROTOCOLS.length)];
            }
            if (p[4][k] != 6 && p[4][k] != 17) {
                p[2][k] = 0;
                p[3][k] = 0;
            }
        }
        return p;
    }

    private static final int[] PROTOCOLS = {6, 6, 6, 17, 17, 1, 47, 50};
}
