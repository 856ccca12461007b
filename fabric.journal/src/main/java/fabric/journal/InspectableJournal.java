package fabric.journal;

import fabric.api.journal.Journal;

/** A journal that tells where it lives and how big it is, for the {@code journal:info} command. */
public interface InspectableJournal extends Journal {

    /** @return where the journal lives, how it is set up and how big it is */
    JournalInfo info();
}
