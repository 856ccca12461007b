package fabric.s2d.internal;

import java.util.Random;

/**
 * The deterministic write sequence of the crash test: step {@code i} writes (or zeroes) a range of
 * volume {@code m} (two-way mirror), {@code p} (dual parity) or {@code a} (mirror-accelerated parity), and every {@link #FLUSH_EVERY} steps
 * the child flushes. Parent and child regenerate the same steps from the seed.
 */
final class CrashSequence {

    static final int VOLUME = 1 << 20;
    static final int FLUSH_EVERY = 8;

    /** One step. */
    record Step(String volume, int offset, int length, boolean zero, long dataSeed) {
        byte[] data() {
            byte[] b = new byte[length];
            if (!zero) {
                new Random(dataSeed).nextBytes(b);
            }
            return b;
        }
    }

    private final Random random;
    private int index;

    CrashSequence(long seed) {
        this.random = new Random(seed);
    }

    Step next() {
        String volume = switch (index++ % 3) {
            case 0 -> "m";
            case 1 -> "p";
            default -> "a";
        };
        int length = random.nextInt(4) == 0 ? 1 + random.nextInt(700) : 1 + random.nextInt(60_000);
        int offset = random.nextInt(VOLUME - length);
        boolean zero = random.nextInt(10) == 0;
        return new Step(volume, offset, length, zero, random.nextLong());
    }
}
