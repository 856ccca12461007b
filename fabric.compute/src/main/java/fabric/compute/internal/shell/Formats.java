package fabric.compute.internal.shell;

import fabric.api.compute.MigrationReport;
import fabric.api.core.ByteSize;
import fabric.api.core.FabricException;
import java.time.Duration;
import java.util.Locale;

/** How the compute commands read and print sizes and times. */
final class Formats {

    private Formats() {
    }

    /**
     * @param text a size as an operator types it: {@code 4g}, {@code 512m}, {@code 4GiB}, {@code 2TB}
     * @param field the option, for the error
     * @return the size; a bare letter unit is binary ({@code 4g} = 4 GiB)
     * @throws FabricException {@code INVALID_ARGUMENT} naming the option
     */
    static ByteSize memory(String text, String field) {
        String t = text.strip();
        if (t.matches("(?i)\\d+(\\.\\d+)?[kmgtp]")) {
            t = t + "iB";
        }
        try {
            return ByteSize.parse(t);
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid(field, "'" + text + "' is not a size (examples: 4g, 512m, 16GiB)");
        }
    }

    /**
     * @param text a whole number
     * @param field the option, for the error
     * @return the number
     */
    static int count(String text, String field) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw FabricException.invalid(field, "'" + text + "' is not a whole number");
        }
    }

    /** @return such as {@code 1.24 ms} or {@code 0.69 s} */
    static String duration(Duration d) {
        long nanos = d.toNanos();
        if (nanos < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** @return one line: where the VM went and what it cost */
    static String migration(MigrationReport r) {
        if (r.rounds() == 0) {
            return "vm " + r.vm() + ": " + r.from() + " -> " + r.to() + ", moved while stopped";
        }
        return "vm " + r.vm() + ": " + r.from() + " -> " + r.to() + ", live, " + r.rounds() + " pre-copy round"
                + (r.rounds() == 1 ? "" : "s") + (r.converged() ? "" : " (did not converge)") + ", "
                + ByteSize.ofBytes(r.transferredBytes()) + " sent, blackout " + duration(r.blackout()) + ", "
                + duration(r.duration()) + " in all";
    }
}
