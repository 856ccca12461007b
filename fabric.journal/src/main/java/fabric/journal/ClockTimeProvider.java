package fabric.journal;

import java.time.Clock;
import java.time.Instant;
import net.openhft.chronicle.core.time.TimeProvider;

/**
 * Chronicle's time from a {@link Clock}: the journal's clock decides both the time of an event and
 * the queue file (roll cycle) it goes into, so the two always agree, and a test clock makes a roll
 * happen without waiting.
 */
final class ClockTimeProvider implements TimeProvider {

    private final Clock clock;

    /** @param clock the time */
    ClockTimeProvider(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long currentTimeMillis() {
        return clock.millis();
    }

    @Override
    public long currentTimeMicros() {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }

    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
    }
}
