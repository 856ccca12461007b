package fabric.journal.testing;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.journal.EventType;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A journal in a list, for unit tests. Can be told to refuse appends, as a closed journal does. */
public final class MemoryJournal implements Journal {

    private final List<JournalRecord> records = new ArrayList<>();
    private final Clock clock;
    private boolean closed;

    /** A journal stamping events with the system clock. */
    public MemoryJournal() {
        this(Clock.systemUTC());
    }

    /** @param clock the time of appended events */
    public MemoryJournal(Clock clock) {
        this.clock = clock;
    }

    /** @param closed whether appends fail with {@code UNAVAILABLE} */
    public synchronized void setClosed(boolean closed) {
        this.closed = closed;
    }

    @Override
    public synchronized <E extends Record> long append(EventType<E> type, E event) {
        if (closed) {
            throw new FabricException(ErrorCode.UNAVAILABLE, "the journal is closed");
        }
        return add(type, event, clock.instant());
    }

    /** Appends an event with a given time, as an earlier run of the fabric would have. */
    public synchronized <E extends Record> long add(EventType<E> type, E event, Instant time) {
        long index = records.size();
        records.add(new JournalRecord(index, time, type.name(), type.encode(event)));
        return index;
    }

    /** @return every event of a type, oldest first */
    public synchronized <E extends Record> List<E> events(EventType<E> type) {
        return records.stream().map(r -> r.as(type)).flatMap(Optional::stream).toList();
    }

    /** @return every record, oldest first */
    public synchronized List<JournalRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public synchronized long lastIndex() {
        return records.size() - 1;
    }

    @Override
    public synchronized JournalTailer tail(long fromIndex) {
        return new Tailer((int) Math.max(0, fromIndex));
    }

    @Override
    public synchronized JournalTailer tailFromEnd() {
        return new Tailer(records.size());
    }

    @Override
    public synchronized List<JournalRecord> latest(int count) {
        return List.copyOf(records.subList(Math.max(0, records.size() - count), records.size()));
    }

    private final class Tailer implements JournalTailer {
        private int next;

        Tailer(int next) {
            this.next = next;
        }

        @Override
        public JournalRecord next() {
            synchronized (MemoryJournal.this) {
                return next < records.size() ? records.get(next++) : null;
            }
        }

        @Override
        public void close() {
        }
    }
}
