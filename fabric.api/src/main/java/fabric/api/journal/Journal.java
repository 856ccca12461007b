package fabric.api.journal;

import fabric.api.core.FabricException;
import java.util.List;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The fabric's durable, ordered event journal. Any bundle appends typed events; readers follow
 * it with tailers from any index. Thread-safe.
 *
 * <p>Durability: once {@link #append} returns, the event survives the death of the process,
 * including {@code kill -9}. Whether it also survives the loss of power depends on the journal's
 * configured sync mode.
 */
@ProviderType
public interface Journal {

    /**
     * Appends an event.
     *
     * @param <E> the record class
     * @param type the event's type
     * @param event the event
     * @return the event's index
     * @throws FabricException {@code UNAVAILABLE} when the journal is closed; {@code INTERNAL} on an I/O failure
     */
    <E extends Record> long append(EventType<E> type, E event);

    /** @return the index of the last event, or {@code -1} when the journal is empty */
    long lastIndex();

    /**
     * Opens a tailer at the first event whose index is at least {@code fromIndex}.
     *
     * @param fromIndex an index; {@code 0} or less starts at the first event
     * @return the tailer; the caller closes it
     */
    JournalTailer tail(long fromIndex);

    /**
     * Opens a tailer after the last event, to follow what is appended from now on.
     *
     * @return the tailer; the caller closes it
     */
    JournalTailer tailFromEnd();

    /**
     * @param count how many; positive
     * @return the last {@code count} events (fewer if the journal holds fewer), oldest first
     */
    List<JournalRecord> latest(int count);

    /**
     * Reads every event from an index to the current end, in order: how components rebuild their
     * state at start-up.
     *
     * @param fromIndex an index; {@code 0} or less starts at the first event
     * @param handler called once per event, on the calling thread
     * @return how many events were read
     */
    default long replay(long fromIndex, Consumer<JournalRecord> handler) {
        long count = 0;
        try (JournalTailer tailer = tail(fromIndex)) {
            for (JournalRecord r = tailer.next(); r != null; r = tailer.next()) {
                handler.accept(r);
                count++;
            }
        }
        return count;
    }
}
