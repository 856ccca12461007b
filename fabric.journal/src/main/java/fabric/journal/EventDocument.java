package fabric.journal;

import fabric.api.journal.JournalRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import net.openhft.chronicle.wire.ValueIn;
import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

/**
 * The layout of one event in the queue, in Chronicle's binary wire: {@code type} (text),
 * {@code epochSecond} (int64), {@code nano} (int32) and {@code fields}, a sequence of texts
 * alternating name and value, in the event's component order.
 *
 * <p>Readers look fields up by name and ignore names they do not know, so a later format may add
 * fields. A document without a valid type or time cannot be an event of this format (a future
 * format that moved them, or bytes written by another tool): {@link #read} refuses it and the
 * journal skips it.
 */
final class EventDocument {

    static final String TYPE = "type";
    static final String EPOCH_SECOND = "epochSecond";
    static final String NANO = "nano";
    static final String FIELDS = "fields";

    /** The same rule as {@link fabric.api.journal.EventType}'s names. */
    private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    private EventDocument() {
    }

    /**
     * Writes one event.
     *
     * @param wire the document's wire
     * @param time when the event was appended
     * @param type the event type's name
     * @param fields the fields in component order
     */
    static void write(WireOut wire, Instant time, String type, Map<String, String> fields) {
        wire.write(TYPE).text(type);
        wire.write(EPOCH_SECOND).int64(time.getEpochSecond());
        wire.write(NANO).int32(time.getNano());
        wire.write(FIELDS).sequence(fields, (map, out) -> map.forEach((name, value) -> {
            out.text(name);
            out.text(value);
        }));
    }

    /**
     * Reads one event.
     *
     * @param index the document's index
     * @param wire the document's wire
     * @return the event
     * @throws UnreadableEventException when the document is not an event of this format
     */
    static JournalRecord read(long index, WireIn wire) {
        try {
            ValueIn typeIn = wire.read(TYPE);
            String type = typeIn.isPresent() ? typeIn.text() : null;
            if (type == null) {
                throw new UnreadableEventException(index, "it has no event type");
            }
            if (!TYPE_NAME.matcher(type).matches()) {
                throw new UnreadableEventException(index, "'" + abbreviate(type) + "' is not an event type name");
            }
            // The wire hands out one ValueIn: read each value before looking up the next field.
            ValueIn in = wire.read(EPOCH_SECOND);
            if (!in.isPresent()) {
                throw new UnreadableEventException(index, "event " + type + " has no time");
            }
            long epochSecond = in.int64();
            in = wire.read(NANO);
            if (!in.isPresent()) {
                throw new UnreadableEventException(index, "event " + type + " has no time");
            }
            Instant time = Instant.ofEpochSecond(epochSecond, in.int32());
            Map<String, String> fields = new LinkedHashMap<>();
            wire.read(FIELDS).sequence(fields, EventDocument::readFields);
            return new JournalRecord(index, time, type, fields);
        } catch (UnreadableEventException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnreadableEventException(index, "it is not in the journal's format (" + e + ")");
        }
    }

    private static void readFields(Map<String, String> fields, ValueIn in) {
        while (in.hasNextSequenceItem()) {
            String name = in.text();
            String value = in.hasNextSequenceItem() ? in.text() : null;
            if (name == null || value == null) {
                throw new IllegalStateException("a field without a name or a value");
            }
            fields.put(name, value);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
