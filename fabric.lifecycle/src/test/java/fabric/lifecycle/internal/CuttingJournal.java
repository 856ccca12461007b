package fabric.lifecycle.internal;

import fabric.api.journal.EventType;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import java.util.List;

/** A journal that loses power right after its n-th append returned: what the append wrote stays. */
final class CuttingJournal implements Journal {

    /** Thrown instead of returning from the append after the cut: nothing of the process goes on. */
    static final class PowerCut extends Error {
        private static final long serialVersionUID = 1L;

        PowerCut() {
            super("power cut", null, false, false);
        }
    }

    private final Journal delegate;
    private int left;

    CuttingJournal(Journal delegate, int appends) {
        this.delegate = delegate;
        this.left = appends;
    }

    @Override
    public <E extends Record> long append(EventType<E> type, E event) {
        if (left <= 0) {
            throw new PowerCut();
        }
        long index = delegate.append(type, event);
        if (--left == 0) {
            throw new PowerCut();
        }
        return index;
    }

    @Override
    public long lastIndex() {
        return delegate.lastIndex();
    }

    @Override
    public JournalTailer tail(long fromIndex) {
        return delegate.tail(fromIndex);
    }

    @Override
    public JournalTailer tailFromEnd() {
        return delegate.tailFromEnd();
    }

    @Override
    public List<JournalRecord> latest(int count) {
        return delegate.latest(count);
    }
}
