package fabric.journal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A {@link JournalTailer} over a Chronicle tailer. Skips documents before its start index (when the
 * queue had to be entered earlier) and documents that are not events.
 */
final class ChronicleTailer implements JournalTailer {

    private final ChronicleJournal journal;
    private final ExcerptTailer tailer;
    private final long fromIndex;
    private volatile boolean closed;

    /**
     * @param journal the journal, which checks it is open and decodes documents
     * @param tailer Chronicle's tailer, placed at or before the first document to return
     * @param fromIndex documents with a lower index are skipped
     */
    ChronicleTailer(ChronicleJournal journal, ExcerptTailer tailer, long fromIndex) {
        this.journal = journal;
        this.tailer = tailer;
        this.fromIndex = fromIndex;
    }

    @Override
    public JournalRecord next() {
        return journal.whileOpen(() -> {
            if (closed) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "journal tailer is closed");
            }
            ClassLoader previous = BundleLoader.enter();
            try {
                for (;;) {
                    try (DocumentContext dc = tailer.readingDocument()) {
                        if (!dc.isPresent()) {
                            return null;
                        }
                        if (dc.index() >= fromIndex) {
                            JournalRecord record = journal.decode(dc);
                            if (record != null) {
                                return record;
                            }
                        }
                    }
                }
            } finally {
                BundleLoader.exit(previous);
            }
        });
    }

    @Override
    public void close() {
        if (!closed) {
            release();
            journal.closed(this);
        }
    }

    /** Closes Chronicle's tailer; called by the journal when it closes. */
    void release() {
        closed = true;
        tailer.close();
    }
}
