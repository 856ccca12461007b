package fabric.journal;

import fabric.api.core.FabricException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import net.openhft.chronicle.queue.RollCycles;

/**
 * How to open a {@link ChronicleJournal}.
 *
 * @param directory the queue's directory; created if missing
 * @param rollCycle how often Chronicle starts a new queue file. An existing queue keeps the roll
 *        cycle it was created with
 * @param syncMode how far each event is pushed to the disk before {@code append} returns
 * @param clock the time of appended events, and the time that decides when a new file starts
 */
public record JournalSettings(Path directory, RollCycles rollCycle, SyncMode syncMode, Clock clock) {

    /** The roll cycle of a new journal unless configured otherwise: one file per day. */
    public static final RollCycles DEFAULT_ROLL_CYCLE = RollCycles.FAST_DAILY;

    /** Checks that nothing is missing. */
    public JournalSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(rollCycle, "rollCycle");
        Objects.requireNonNull(syncMode, "syncMode");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param directory the queue's directory
     * @return settings with a daily roll cycle, no sync and the system clock in UTC
     */
    public static JournalSettings of(Path directory) {
        return new JournalSettings(directory, DEFAULT_ROLL_CYCLE, SyncMode.NONE, Clock.systemUTC());
    }

    /**
     * @param cycle the roll cycle
     * @return these settings with another roll cycle
     */
    public JournalSettings withRollCycle(RollCycles cycle) {
        return new JournalSettings(directory, cycle, syncMode, clock);
    }

    /**
     * @param mode the sync mode
     * @return these settings with another sync mode
     */
    public JournalSettings withSyncMode(SyncMode mode) {
        return new JournalSettings(directory, rollCycle, mode, clock);
    }

    /**
     * @param time the clock
     * @return these settings with another clock
     */
    public JournalSettings withClock(Clock time) {
        return new JournalSettings(directory, rollCycle, syncMode, time);
    }

    /**
     * Reads a roll cycle's name as Chronicle spells it.
     *
     * @param name such as {@code FAST_DAILY} or {@code fast_hourly}; blank means the default
     * @return the roll cycle
     * @throws FabricException {@code INVALID_ARGUMENT} naming the valid choices when there is no such roll cycle
     */
    public static RollCycles rollCycle(String name) {
        if (name == null || name.isBlank()) {
            return DEFAULT_ROLL_CYCLE;
        }
        try {
            return RollCycles.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid("rollCycle", "no roll cycle named '" + name.strip() + "'; choose one of "
                    + Arrays.stream(RollCycles.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}
