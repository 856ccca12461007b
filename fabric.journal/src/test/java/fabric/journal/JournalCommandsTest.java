package fabric.journal;

import static fabric.journal.TestEvents.NODE_CHANGED;
import static fabric.journal.TestEvents.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.journal.TestEvents.NodeChanged;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal: commands, called directly and through a real Gogo 1.1 command processor. */
class JournalCommandsTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-07-14T06:30:00Z"));
    private ChronicleJournal journal;
    private JournalCommands commands;
    private ThreadIOImpl threadIO;
    private CommandSession session;

    @BeforeEach
    void start() {
        journal = new ChronicleJournal(JournalSettings.of(dir).withClock(clock));
        commands = new JournalCommands(journal);
        threadIO = new ThreadIOImpl();
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        processor.addCommand("journal", commands, "tail");
        processor.addCommand("journal", commands, "info");
        PrintStream print = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
    }

    @AfterEach
    void stop() {
        session.close();
        threadIO.stop();
        journal.close();
    }

    @Test
    void tailPrintsTheLastEventsOneALineAligned() throws Exception {
        assertEquals("the journal is empty\n", session.execute("journal:tail"));
        long first = journal.append(NODE_CHANGED, new NodeChanged("node-1", 1, "lost power", false));
        clock.advance(Duration.ofMillis(1500));
        journal.append(NODE_CHANGED, node(2));
        journal.append(ConcurrentAppendTest.WRITTEN, new ConcurrentAppendTest.Written(3, 4));

        String out = String.valueOf(session.execute("journal:tail 2"));

        List<String> lines = out.lines().toList();
        assertEquals(2, lines.size(), out);
        assertEquals((first + 1) + "  2026-07-14T06:30:01.500Z  test.node-changed  node=node-2  step=2"
                + "  reason=\"step 2 of the test\"  healthy=true", lines.get(0));
        assertEquals((first + 2) + "  2026-07-14T06:30:01.500Z  test.written       thread=3  sequence=4",
                lines.get(1));
        assertEquals(3, String.valueOf(session.execute("journal:tail")).lines().count());
        assertTrue(String.valueOf(session.execute("journal:tail 10000")).startsWith(first + "  2026-07-14T06:30:00.000Z"
                + "  test.node-changed  node=node-1  step=1  reason=\"lost power\"  healthy=false\n"));
    }

    @Test
    void tailRefusesACountOutsideOneToTenThousand() {
        for (String bad : List.of("0", "-3", "10001", "abc", "2.5", "''")) {
            FabricException e = assertThrows(FabricException.class, () -> session.execute("journal:tail " + bad));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
            assertTrue(e.getMessage().startsWith("journal:tail N: must be a whole number from 1 to 10000, not '"),
                    e.getMessage());
        }
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(FabricException.class, () -> commands.tail(null)).code());
        assertEquals(1, JournalCommands.count(" 1 "));
        assertEquals(10_000, JournalCommands.count("10000"));
    }

    @Test
    void infoShowsDirectoryRollCycleLastIndexFilesAndBytes() throws Exception {
        String empty = String.valueOf(session.execute("journal:info"));
        assertTrue(empty.contains("directory    " + dir.toAbsolutePath().normalize() + "\n"), empty);
        assertTrue(empty.contains("roll cycle   FAST_DAILY\n"), empty);
        assertTrue(empty.contains("sync mode    NONE\n"), empty);
        assertTrue(empty.contains("last index   none (empty)\n"), empty);

        long index = journal.append(NODE_CHANGED, node(1));
        String info = String.valueOf(session.execute("journal:info"));
        assertTrue(info.contains("last index   " + index + "\n"), info);
        assertTrue(info.contains("queue files  1\n"), info);
        assertTrue(info.matches("(?s).*size         [0-9.]+ [KMG]iB \\([0-9]+ bytes, sparse files\\)\n.*"), info);
    }

    @Test
    void theCommandsFailCleanlyOnceTheJournalIsClosed() {
        journal.close();
        FabricException e = assertThrows(FabricException.class, () -> session.execute("journal:tail 5"));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(ErrorCode.UNAVAILABLE, assertThrows(FabricException.class, commands::info).code());
    }
}
