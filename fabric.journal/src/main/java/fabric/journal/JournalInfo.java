package fabric.journal;

import java.nio.file.Path;

/**
 * Where a journal lives, how it is set up and how big it is.
 *
 * @param directory the queue's directory
 * @param rollCycle the roll cycle in effect (a queue keeps the one it was created with)
 * @param syncMode the sync mode
 * @param lastIndex the last event's index, {@code -1} when empty
 * @param cycleFiles how many queue files ({@code *.cq4}) the directory holds
 * @param bytes the size of all the directory's files; Chronicle allocates files in blocks and
 *        sparsely, so this is more than the events take
 * @param skipped how many unreadable documents readers met (and skipped) since the journal opened
 */
public record JournalInfo(Path directory, String rollCycle, SyncMode syncMode, long lastIndex, int cycleFiles,
        long bytes, long skipped) {
}
