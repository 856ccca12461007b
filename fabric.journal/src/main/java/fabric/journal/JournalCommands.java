package fabric.journal;

import fabric.api.core.FabricException;
import fabric.api.journal.JournalRecord;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code journal:} shell commands: {@code journal:tail [N]} prints the last events,
 * {@code journal:info} where the journal lives and how big it is. Each returns its report as text
 * and throws {@link FabricException} with a one-line message when refused.
 */
@Component(service = JournalCommands.class)
@GogoCommand(scope = "journal", function = {"tail", "info"})
public final class JournalCommands {

    /** How many events {@code journal:tail} prints without an argument. */
    static final int DEFAULT_COUNT = 20;
    /** The most events {@code journal:tail} prints. */
    static final int MAX_COUNT = 10_000;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final InspectableJournal journal;

    /** @param journal the journal to show */
    @Activate
    public JournalCommands(@Reference(name = "journal") InspectableJournal journal) {
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    /** @return the last {@value #DEFAULT_COUNT} events */
    @Descriptor("prints the last 20 journal events, oldest first: index, time (UTC), type and fields")
    public String tail() {
        return render(journal.latest(DEFAULT_COUNT));
    }

    /**
     * @param count how many events, 1 to {@value #MAX_COUNT}
     * @return the last {@code count} events
     * @throws FabricException {@code INVALID_ARGUMENT} when count is not a whole number from 1 to {@value #MAX_COUNT}
     */
    @Descriptor("prints the last N journal events, oldest first: index, time (UTC), type and fields")
    public String tail(@Descriptor("how many events, 1 to 10000") String count) {
        return render(journal.latest(count(count)));
    }

    /** @return the journal's directory, roll cycle, last index, files and size */
    @Descriptor("shows where the journal lives: directory, roll cycle, sync mode, last index, queue files and their size")
    public String info() {
        JournalInfo info = journal.info();
        return "directory    " + info.directory() + '\n'
                + "roll cycle   " + info.rollCycle() + '\n'
                + "sync mode    " + info.syncMode() + '\n'
                + "last index   " + (info.lastIndex() < 0 ? "none (empty)" : Long.toString(info.lastIndex())) + '\n'
                + "queue files  " + info.cycleFiles() + '\n'
                + "size         " + bytes(info.bytes()) + '\n'
                + (info.skipped() == 0 ? "" : "unreadable   " + info.skipped() + " documents skipped\n");
    }

    static int count(String text) {
        String reason = "must be a whole number from 1 to " + MAX_COUNT + ", not '" + text + "'";
        try {
            int count = Integer.parseInt(text == null ? "" : text.strip());
            if (count < 1 || count > MAX_COUNT) {
                throw FabricException.invalid("journal:tail N", reason);
            }
            return count;
        } catch (NumberFormatException e) {
            throw FabricException.invalid("journal:tail N", reason);
        }
    }

    /** @return one line per event, columns aligned, or a line saying the journal is empty */
    static String render(List<JournalRecord> records) {
        if (records.isEmpty()) {
            return "the journal is empty\n";
        }
        int indexWidth = 0;
        int typeWidth = 0;
        for (JournalRecord r : records) {
            indexWidth = Math.max(indexWidth, Long.toString(r.index()).length());
            typeWidth = Math.max(typeWidth, r.type().length());
        }
        StringBuilder out = new StringBuilder();
        for (JournalRecord r : records) {
            StringBuilder line = new StringBuilder();
            pad(line, Long.toString(r.index()), indexWidth).append("  ").append(TIME.format(r.time())).append("  ");
            pad(line, r.type(), typeWidth);
            for (Map.Entry<String, String> f : r.fields().entrySet()) {
                line.append("  ").append(f.getKey()).append('=').append(quoted(f.getValue()));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static StringBuilder pad(StringBuilder line, String text, int width) {
        return line.append(text).append(" ".repeat(width - text.length()));
    }

    private static String quoted(String value) {
        return value.isEmpty() || value.chars().anyMatch(Character::isWhitespace) ? '"' + value + '"' : value;
    }

    private static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        // Chronicle sizes a queue file in blocks and fills it sparsely: the apparent size, not the blocks used.
        return String.format(Locale.ROOT, "%.1f %s (%d bytes, sparse files)", value, units[unit], bytes);
    }
}
