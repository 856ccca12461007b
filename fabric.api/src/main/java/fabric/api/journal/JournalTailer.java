package fabric.api.journal;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A reader that follows the journal in order. Used by one thread at a time.
 */
@ProviderType
public interface JournalTailer extends AutoCloseable {

    /** @return the next event, or {@code null} when the reader has caught up (call again later) */
    JournalRecord next();

    /** Releases the reader. */
    @Override
    void close();
}
