package fabric.journal;

import static fabric.journal.TestEvents.NODE_CHANGED;
import static fabric.journal.TestEvents.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.journal.JournalRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged queue file fails the open at once with the file's name; an uninitialised one is dropped. */
class CorruptQueueFilesTest {

    private static final Duration PROMPT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-05-04T08:00:00Z"));

    private JournalSettings settings() {
        return JournalSettings.of(dir).withClock(clock).withRollCycle(RollCycles.FAST_HOURLY);
    }

    /** Writes 100 events in this hour's file and returns that file. */
    private Path journalWithEvents() throws IOException {
        try (ChronicleJournal journal = new ChronicleJournal(settings())) {
            for (int i = 0; i < 100; i++) {
                journal.append(NODE_CHANGED, node(i));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    private FabricException openFails() {
        long start = System.nanoTime();
        FabricException e = assertThrows(FabricException.class, () -> new ChronicleJournal(settings()).close());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(PROMPT) < 0, "refused after " + took);
        assertEquals(ErrorCode.INTERNAL, e.code());
        return e;
    }

    @Test
    void aCycleFileOfGarbageIsRefusedByName() throws IOException {
        Path file = journalWithEvents();
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Files.write(file, garbage);

        FabricException e = openFails();
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void aCycleFileTruncatedInsideItsHeaderIsRefusedByName() throws IOException {
        Path file = journalWithEvents();
        truncate(file, 100);

        FabricException e = openFails();
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
    }

    @Test
    void aCycleFileTruncatedInsideItsIndexIsRefusedByName() throws IOException {
        Path file = journalWithEvents();
        truncate(file, 1000);

        FabricException e = openFails();
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }

    @Test
    void aMetadataTableOfGarbageIsRefusedByName() throws IOException {
        journalWithEvents();
        Path table = dir.resolve("metadata.cq4t");
        byte[] garbage = new byte[(int) Files.size(table)];
        new Random(11).nextBytes(garbage);
        Files.write(table, garbage);

        FabricException e = openFails();
        assertTrue(e.getMessage().contains(table.toString()), e.getMessage());
    }

    @Test
    void aCycleFileTheProcessDiedCreatingIsDroppedAndTheJournalGoesOn() throws IOException {
        Path file = journalWithEvents();
        // The next hour's file, as a crash leaves it: created, sized, never initialised.
        assertEquals(file.getFileName().toString(), QueueFiles.fileName(RollCycles.FAST_HOURLY, hour()));
        Path empty = dir.resolve(QueueFiles.fileName(RollCycles.FAST_HOURLY, hour() + 1));
        Files.write(empty, new byte[0]);
        Path zeros = dir.resolve(QueueFiles.fileName(RollCycles.FAST_HOURLY, hour() + 2));
        Files.write(zeros, new byte[1 << 20]);

        try (ChronicleJournal journal = new ChronicleJournal(settings())) {
            assertFalse(Files.exists(empty));
            assertFalse(Files.exists(zeros));
            List<JournalRecord> all = journal.latest(1000);
            assertEquals(100, all.size());
            clock.advance(Duration.ofHours(1));
            long next = journal.append(NODE_CHANGED, node(100));
            assertEquals(next, journal.lastIndex());
            assertEquals(node(100), journal.latest(1).get(0).as(NODE_CHANGED).orElseThrow());
        }
    }

    @Test
    void aDroppedFileTheMetadataAlreadyListedDoesNotStopTheJournal() throws IOException {
        journalWithEvents();
        clock.advance(Duration.ofHours(1));
        try (ChronicleJournal journal = new ChronicleJournal(settings())) {
            journal.append(NODE_CHANGED, node(100)); // the metadata now lists this hour's file
        }
        Path rolled = dir.resolve(QueueFiles.fileName(RollCycles.FAST_HOURLY, hour()));
        Files.write(rolled, new byte[0]);

        try (ChronicleJournal journal = new ChronicleJournal(settings())) {
            assertFalse(Files.exists(rolled));
            assertEquals(100, journal.latest(1000).size());
            assertEquals(node(99), journal.latest(1).get(0).as(NODE_CHANGED).orElseThrow());
            clock.advance(Duration.ofHours(1));
            long next = journal.append(NODE_CHANGED, node(101));
            assertEquals(next, journal.lastIndex());
            assertEquals(101, journal.replay(0, r -> { }));
        }
    }

    private int hour() {
        return (int) (clock.instant().toEpochMilli() / RollCycles.FAST_HOURLY.lengthInMillis());
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }
}
