package fabric.api.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of bytes, written and read in binary units ({@code 512GiB}, {@code 1.5TiB},
 * {@code 4096}). Decimal units ({@code GB}, {@code TB}) are accepted too and mean powers of 1000,
 * as drive vendors print them.
 *
 * @param bytes the amount; never negative
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([KMGTP]i?B|B)?\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    /** Rejects negative amounts. */
    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a byte size cannot be negative: " + bytes);
        }
    }

    /**
     * @param bytes the amount
     * @return the size
     */
    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    /**
     * @param gib the amount in gibibytes
     * @return the size
     */
    public static ByteSize ofGiB(long gib) {
        return new ByteSize(Math.multiplyExact(gib, 1L << 30));
    }

    /**
     * Parses a size such as {@code 512GiB}, {@code 1.92TB} or {@code 4096}.
     *
     * @param text the text
     * @return the size
     * @throws IllegalArgumentException when the text is not a size, with the reason
     */
    public static ByteSize parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a size is required");
        }
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 4096, 512GiB, 1.92TB)");
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        double factor = switch (unit) {
            case "B" -> 1;
            case "KIB" -> 0x1p10;
            case "MIB" -> 0x1p20;
            case "GIB" -> 0x1p30;
            case "TIB" -> 0x1p40;
            case "PIB" -> 0x1p50;
            case "KB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "TB" -> 1e12;
            case "PB" -> 1e15;
            default -> throw new IllegalArgumentException("unknown unit '" + m.group(2) + "'");
        };
        double value = Double.parseDouble(m.group(1)) * factor;
        if (value >= 0x1p63) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return new ByteSize(Math.round(value));
    }

    /**
     * @param other a size
     * @return the sum of both
     */
    public ByteSize plus(ByteSize other) {
        return new ByteSize(Math.addExact(bytes, other.bytes));
    }

    @Override
    public int compareTo(ByteSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** @return the size in the largest binary unit that keeps it at or above 1, such as {@code 1.5 TiB} */
    @Override
    public String toString() {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < BINARY.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return bytes + " B";
        }
        String number = value == Math.rint(value) ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + BINARY[unit];
    }
}
