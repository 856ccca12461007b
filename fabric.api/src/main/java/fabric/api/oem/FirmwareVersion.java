package fabric.api.oem;

import fabric.api.core.FabricException;
import java.util.Arrays;

/**
 * A firmware version: numbers separated by dots, such as {@code 7.10.70.00} or {@code 1.55},
 * compared number by number (a missing number counts as zero, so {@code 1.5} equals {@code 1.5.0}
 * in order, though not in text).
 *
 * @param value the version as the vendor writes it: 1-8 groups of 1-9 digits, separated by dots
 */
public record FirmwareVersion(String value) implements Comparable<FirmwareVersion> {

    /** Checks the form. */
    public FirmwareVersion {
        if (value == null || !value.matches("[0-9]{1,9}(\\.[0-9]{1,9}){0,7}")) {
            throw FabricException.invalid("version", "'" + value + "' is not a firmware version (numbers separated by"
                    + " dots, such as 2.19.1)");
        }
    }

    /**
     * @param value the version text
     * @return the version
     */
    public static FirmwareVersion of(String value) {
        return new FirmwareVersion(value);
    }

    private long[] numbers() {
        return Arrays.stream(value.split("\\.")).mapToLong(Long::parseLong).toArray();
    }

    @Override
    public int compareTo(FirmwareVersion other) {
        long[] a = numbers();
        long[] b = other.numbers();
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? a[i] : 0;
            long y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    /**
     * @param other another version
     * @return whether this version is older than the other
     */
    public boolean isOlderThan(FirmwareVersion other) {
        return compareTo(other) < 0;
    }

    /** @return the version text */
    @Override
    public String toString() {
        return value;
    }
}
