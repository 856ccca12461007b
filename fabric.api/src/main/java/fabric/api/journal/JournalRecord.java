package fabric.api.journal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One event as stored in the journal: its position, time, type name and fields. Readers that know
 * the type turn it back into the event with {@link #as(EventType)}; tools such as
 * {@code journal:tail} print it as it is.
 *
 * @param index its position in the journal: increasing, not contiguous across roll cycles
 * @param time when it was appended
 * @param type the event type's name
 * @param fields the event's fields by component name, in component order
 */
public record JournalRecord(long index, Instant time, String type, Map<String, String> fields) {

    /** Validates and copies, keeping field order. */
    public JournalRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * @param <E> the record class
     * @param eventType a type
     * @return the event, if this record is of that type
     * @throws IllegalArgumentException when the stored fields cannot be read as the type's record
     */
    public <E extends Record> Optional<E> as(EventType<E> eventType) {
        return eventType.name().equals(type) ? Optional.of(eventType.decode(fields)) : Optional.empty();
    }

    /** @return {@code index time type field=value ...} on one line */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(index).append(' ').append(time).append(' ').append(type);
        fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v.contains(" ") ? '"' + v + '"' : v));
        return sb.toString();
    }
}
