package fabric.journal;

import static fabric.journal.TestEvents.NODE_CHANGED;
import static fabric.journal.TestEvents.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import fabric.journal.TestEvents.NodeChanged;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class ChronicleJournalTest {

    private static final Instant START = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(START);
    private final List<ChronicleJournal> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(ChronicleJournal::close);
    }

    private ChronicleJournal open() {
        return open(JournalSettings.of(dir).withClock(clock));
    }

    private ChronicleJournal open(JournalSettings settings) {
        ChronicleJournal journal = new ChronicleJournal(settings);
        opened.add(journal);
        return journal;
    }

    private static List<JournalRecord> readAll(JournalTailer tailer) {
        List<JournalRecord> records = new ArrayList<>();
        for (JournalRecord r = tailer.next(); r != null; r = tailer.next()) {
            records.add(r);
        }
        return records;
    }

    @Test
    void anAppendedEventReadsBackWithItsTimeTypeAndFieldsInComponentOrder() {
        ChronicleJournal journal = open();
        assertEquals(-1, journal.lastIndex());
        NodeChanged event = new NodeChanged("node-1", 42, "lost power at 03:00", false);

        long index = journal.append(NODE_CHANGED, event);

        assertEquals(index, journal.lastIndex());
        try (JournalTailer tailer = journal.tail(0)) {
            JournalRecord record = tailer.next();
            assertEquals(index, record.index());
            assertEquals(START, record.time());
            assertEquals("test.node-changed", record.type());
            assertEquals(List.of("node", "step", "reason", "healthy"), List.copyOf(record.fields().keySet()));
            assertEquals(Map.of("node", "node-1", "step", "42", "reason", "lost power at 03:00", "healthy", "false"),
                    record.fields());
            assertEquals(event, record.as(NODE_CHANGED).orElseThrow());
            assertNull(tailer.next());
        }
    }

    @Test
    void nullComponentsAndOddTextSurviveTheRoundTrip() {
        ChronicleJournal journal = open();
        journal.append(NODE_CHANGED, new NodeChanged("n\u00f6de \"\u2603\"\n=", -1, null, true));
        journal.append(NODE_CHANGED, new NodeChanged("", 0, "", false));

        List<JournalRecord> records = journal.latest(2);

        assertEquals(new NodeChanged("n\u00f6de \"\u2603\"\n=", -1, null, true), records.get(0).as(NODE_CHANGED).get());
        assertEquals(List.of("node", "step", "healthy"), List.copyOf(records.get(0).fields().keySet()));
        assertEquals(new NodeChanged("", 0, "", false), records.get(1).as(NODE_CHANGED).get());
    }

    @Test
    void indicesIncreaseAndTailFromAnIndexStartsThere() {
        ChronicleJournal journal = open();
        List<Long> indices = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            indices.add(journal.append(NODE_CHANGED, node(i)));
        }
        for (int i = 1; i < indices.size(); i++) {
            assertTrue(indices.get(i) > indices.get(i - 1), indices.toString());
        }

        try (JournalTailer tailer = journal.tail(indices.get(6))) {
            assertEquals(indices.subList(6, 10), readAll(tailer).stream().map(JournalRecord::index).toList());
        }
        try (JournalTailer tailer = journal.tail(-5)) {
            assertEquals(indices, readAll(tailer).stream().map(JournalRecord::index).toList());
        }
        try (JournalTailer tailer = journal.tail(indices.get(9) + 1)) {
            assertNull(tailer.next());
            long next = journal.append(NODE_CHANGED, node(10));
            assertEquals(next, tailer.next().index());
        }
    }

    @Test
    void aTailerFromBeyondTheEndSkipsEventsBeforeItsIndex() {
        ChronicleJournal journal = open();
        long first = journal.append(NODE_CHANGED, node(0));
        try (JournalTailer tailer = journal.tail(first + 3)) {
            journal.append(NODE_CHANGED, node(1));
            journal.append(NODE_CHANGED, node(2));
            assertNull(tailer.next());
            long fourth = journal.append(NODE_CHANGED, node(3));
            assertEquals(first + 3, fourth);
            assertEquals(fourth, tailer.next().index());
        }
    }

    @Test
    void tailFromEndSeesOnlyWhatIsAppendedAfterwards() {
        ChronicleJournal journal = open();
        try (JournalTailer onEmpty = journal.tailFromEnd()) {
            journal.append(NODE_CHANGED, node(1));
            journal.append(NODE_CHANGED, node(2));
            try (JournalTailer tailer = journal.tailFromEnd()) {
                assertNull(tailer.next());
                long third = journal.append(NODE_CHANGED, node(3));
                JournalRecord record = tailer.next();
                assertEquals(third, record.index());
                assertEquals(node(3), record.as(NODE_CHANGED).get());
                assertNull(tailer.next());
            }
            assertEquals(3, readAll(onEmpty).size());
        }
    }

    @Test
    void latestReturnsTheLastEventsOldestFirst() {
        ChronicleJournal journal = open();
        assertEquals(List.of(), journal.latest(5));
        List<Long> indices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            indices.add(journal.append(NODE_CHANGED, node(i)));
        }

        assertEquals(indices.subList(5, 8), journal.latest(3).stream().map(JournalRecord::index).toList());
        assertEquals(indices, journal.latest(100).stream().map(JournalRecord::index).toList());
        FabricException e = assertThrows(FabricException.class, () -> journal.latest(0));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
    }

    @Test
    void aReopenedJournalReplaysEverythingAndAppendsAfterIt() {
        List<NodeChanged> written = new ArrayList<>();
        long last;
        try (ChronicleJournal journal = new ChronicleJournal(JournalSettings.of(dir).withClock(clock))) {
            for (int i = 0; i < 50; i++) {
                written.add(node(i));
                journal.append(NODE_CHANGED, node(i));
            }
            last = journal.lastIndex();
        }

        ChronicleJournal reopened = open();
        assertEquals(last, reopened.lastIndex());
        List<NodeChanged> replayed = new ArrayList<>();
        assertEquals(50, reopened.replay(0, r -> replayed.add(r.as(NODE_CHANGED).orElseThrow())));
        assertEquals(written, replayed);
        assertTrue(reopened.append(NODE_CHANGED, node(50)) > last);
    }

    @Test
    void aNewCycleStartsANewFileWhenTheClockPassesTheRollTime() {
        ChronicleJournal journal = open(JournalSettings.of(dir).withClock(clock).withRollCycle(RollCycles.FAST_HOURLY));
        long a = journal.append(NODE_CHANGED, node(1));
        long b = journal.append(NODE_CHANGED, node(2));
        JournalTailer follower = journal.tailFromEnd();
        assertNull(follower.next());
        clock.advance(Duration.ofHours(1));
        long c = journal.append(NODE_CHANGED, node(3));
        clock.advance(Duration.ofHours(5));
        long d = journal.append(NODE_CHANGED, node(4));

        assertEquals(List.of(c, d), readAll(follower).stream().map(JournalRecord::index).toList());
        follower.close();

        assertEquals(b, a + 1);
        assertNotEquals(RollCycles.FAST_HOURLY.toCycle(b), RollCycles.FAST_HOURLY.toCycle(c));
        assertEquals(RollCycles.FAST_HOURLY.toCycle(c) + 5, RollCycles.FAST_HOURLY.toCycle(d));
        assertEquals(3, journal.info().cycleFiles());
        assertEquals("FAST_HOURLY", journal.info().rollCycle());
        try (JournalTailer tailer = journal.tail(0)) {
            List<JournalRecord> all = readAll(tailer);
            assertEquals(List.of(a, b, c, d), all.stream().map(JournalRecord::index).toList());
            assertEquals(START.plus(Duration.ofHours(6)), all.get(3).time());
        }
        // An index in a cycle without a file, or past the end of a cycle, starts at the next event.
        try (JournalTailer tailer = journal.tail(c + 1)) {
            assertEquals(d, tailer.next().index());
        }
        try (JournalTailer tailer = journal.tail(b + 1)) {
            assertEquals(c, tailer.next().index());
        }
        assertEquals(List.of(b, c, d), journal.latest(3).stream().map(JournalRecord::index).toList());
    }

    @Test
    void aReopenedJournalKeepsTheRollCycleItWasCreatedWith() {
        open(JournalSettings.of(dir).withClock(clock).withRollCycle(RollCycles.FAST_HOURLY))
                .append(NODE_CHANGED, node(1));
        opened.remove(0).close();

        ChronicleJournal reopened = open(JournalSettings.of(dir).withClock(clock).withRollCycle(RollCycles.DAILY));
        reopened.append(NODE_CHANGED, node(2));

        assertEquals("FAST_HOURLY", reopened.info().rollCycle());
        assertEquals(2, reopened.latest(5).size());
    }

    @Test
    void everyCallOnAClosedJournalIsRefused() {
        ChronicleJournal journal = open();
        journal.append(NODE_CHANGED, node(1));
        JournalTailer tailer = journal.tail(0);
        journal.close();
        journal.close();

        List<Executable> calls = List.of(
                () -> journal.append(NODE_CHANGED, node(2)),
                journal::lastIndex,
                () -> journal.tail(0),
                journal::tailFromEnd,
                () -> journal.latest(1),
                () -> journal.replay(0, r -> { }),
                journal::info,
                tailer::next);
        for (Executable call : calls) {
            FabricException e = assertThrows(FabricException.class, call);
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertEquals("journal is closed", e.getMessage());
        }
        tailer.close();
    }

    @Test
    void aClosedTailerIsRefusedButTheJournalGoesOn() {
        ChronicleJournal journal = open();
        JournalTailer tailer = journal.tail(0);
        tailer.close();
        tailer.close();

        FabricException e = assertThrows(FabricException.class, tailer::next);
        assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
        journal.append(NODE_CHANGED, node(1));
        assertEquals(1, journal.latest(1).size());
    }

    @Test
    void documentsThatAreNotEventsAreSkippedAndCounted() {
        try (ChronicleJournal journal = new ChronicleJournal(JournalSettings.of(dir).withClock(clock))) {
            journal.append(NODE_CHANGED, node(1));
        }
        // A newer format without a type field, and bytes from another tool, written straight to the queue.
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
                .timeProvider(new ClockTimeProvider(clock)).build()) {
            ExcerptAppender appender = queue.acquireAppender();
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().write("kind").text("test.node-changed").write("epochSecond").int64(1).write("nano").int32(0);
            }
            try (DocumentContext dc = appender.writingDocument()) {
                dc.wire().bytes().writeLong(0x0123_4567_89ab_cdefL).writeInt(-1);
            }
        }
        ChronicleJournal journal = open();
        long last = journal.append(NODE_CHANGED, node(2));

        try (JournalTailer tailer = journal.tail(0)) {
            assertEquals(List.of(node(1), node(2)),
                    readAll(tailer).stream().map(r -> r.as(NODE_CHANGED).orElseThrow()).toList());
        }
        assertEquals(List.of(node(1), node(2)),
                journal.latest(10).stream().map(r -> r.as(NODE_CHANGED).orElseThrow()).toList());
        assertEquals(last, journal.lastIndex());
        assertEquals(2, journal.info().skipped());
    }

    @Test
    void syncModesAppendAndReadTheSame() {
        for (SyncMode mode : SyncMode.values()) {
            Path sub = dir.resolve(mode.name());
            try (ChronicleJournal journal = new ChronicleJournal(JournalSettings.of(sub).withSyncMode(mode))) {
                long index = journal.append(NODE_CHANGED, node(7));
                assertEquals(node(7), journal.latest(1).get(0).as(NODE_CHANGED).orElseThrow(), mode.name());
                assertEquals(index, journal.lastIndex());
                assertEquals(mode, journal.info().syncMode());
            }
        }
    }

    @Test
    void infoTellsWhereTheJournalIsAndHowBigItIs() {
        ChronicleJournal journal = open();
        JournalInfo empty = journal.info();
        assertEquals(dir.toAbsolutePath().normalize(), empty.directory());
        assertEquals("FAST_DAILY", empty.rollCycle());
        assertEquals(SyncMode.NONE, empty.syncMode());
        assertEquals(-1, empty.lastIndex());

        long index = journal.append(NODE_CHANGED, node(1));
        JournalInfo info = journal.info();
        assertEquals(index, info.lastIndex());
        assertEquals(1, info.cycleFiles());
        assertTrue(info.bytes() > 0);
        assertEquals(0, info.skipped());
    }

    @Test
    void rollCycleNamesAreCheckedWithTheChoicesInTheMessage() {
        assertEquals(RollCycles.FAST_HOURLY, JournalSettings.rollCycle(" fast_hourly "));
        assertEquals(RollCycles.FAST_DAILY, JournalSettings.rollCycle(""));
        FabricException e = assertThrows(FabricException.class, () -> JournalSettings.rollCycle("WEEKLY"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertTrue(e.getMessage().contains("no roll cycle named 'WEEKLY'"), e.getMessage());
        assertTrue(e.getMessage().contains("FAST_HOURLY"), e.getMessage());
    }
}
