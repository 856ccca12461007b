package fabric.journal;

import static fabric.journal.TestEvents.ACKNOWLEDGED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import fabric.api.journal.JournalRecord;
import fabric.journal.TestEvents.Acknowledged;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability promise: an event whose {@code append} returned survives {@code kill -9} of the
 * process that appended it, and the journal stays usable.
 */
class KillNineTest {

    private static final int ACKS_BEFORE_KILL = 2_000;
    private static final String END = "\u0000end";

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesSigkillWhileAppending() throws Exception {
        Process child = new ProcessBuilder(command()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> completeLines(child.getInputStream(), lines), "child-stdout");
        reader.start();
        Map<Long, Long> acknowledged = new LinkedHashMap<>(); // index -> sequence
        // The child's standard input stays open while this test runs: it stops by itself once it closes.
        OutputStream keepAlive = child.getOutputStream();
        try {
            assertEquals("open", next(lines), "the child did not open the journal");
            while (acknowledged.size() < ACKS_BEFORE_KILL) {
                acknowledge(next(lines), acknowledged);
            }
            assertTrue(child.isAlive(), "the child stopped appending before the kill");
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            reader.join(30_000);
            // Lines already in the pipe were printed after their append returned: acknowledged too.
            for (String line = lines.poll(); line != null && !line.equals(END); line = lines.poll()) {
                acknowledge(line, acknowledged);
            }
        } finally {
            child.destroyForcibly();
            keepAlive.close();
        }

        try (ChronicleJournal journal = ChronicleJournal.open(dir)) {
            Map<Long, JournalRecord> stored = new LinkedHashMap<>();
            journal.replay(0, r -> stored.put(r.index(), r));
            for (Map.Entry<Long, Long> ack : acknowledged.entrySet()) {
                JournalRecord record = stored.get(ack.getKey());
                assertNotNull(record, "acknowledged event " + ack.getValue() + " at index " + ack.getKey() + " is lost");
                long sequence = ack.getValue();
                assertEquals(new Acknowledged(sequence, TestEvents.payload(sequence)), record.as(ACKNOWLEDGED).get());
                assertEquals(Map.of("sequence", Long.toString(sequence), "payload", TestEvents.payload(sequence)),
                        record.fields());
            }
            // No hole either: the stored sequence runs from 0 without a gap (an unacknowledged last one may be there).
            long expected = 0;
            for (JournalRecord r : stored.values()) {
                assertEquals(expected++, r.as(ACKNOWLEDGED).orElseThrow().sequence());
            }
            assertTrue(expected >= acknowledged.size());

            long after = journal.append(ACKNOWLEDGED, new Acknowledged(-1, "after the crash"));
            assertTrue(after > journal.latest(2).get(0).index());
            assertEquals(new Acknowledged(-1, "after the crash"), journal.latest(1).get(0).as(ACKNOWLEDGED).get());
        }
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
                "java").toString()));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-exports") || arg.startsWith("--add-opens") || arg.startsWith("-Dchronicle.")) {
                command.add(arg);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(AppendingChild.class.getName());
        command.add(dir.toString());
        return command;
    }

    private static void acknowledge(String line, Map<Long, Long> acknowledged) {
        String[] parts = line.split(" ");
        if (parts.length != 2) {
            fail("unexpected line from the child: " + line);
        }
        acknowledged.put(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }

    private static String next(BlockingQueue<String> lines) throws InterruptedException {
        String line = lines.poll(30, TimeUnit.SECONDS);
        if (line == null || line.equals(END)) {
            fail("the child stopped talking" + (line == null ? "" : ": its output ended"));
        }
        return line;
    }

    /** Passes on only lines ended by a new line: a line cut by the kill was never acknowledged. */
    private static void completeLines(InputStream in, BlockingQueue<String> lines) {
        StringBuilder line = new StringBuilder();
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                String text = new String(buffer, 0, n, StandardCharsets.US_ASCII);
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == '\n') {
                        lines.add(line.toString());
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
            }
        } catch (IOException e) {
            // The child died.
        }
        lines.add(END);
    }
}
