package fabric.lifecycle.internal;

import fabric.api.journal.EventType;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A journal in a list for unit tests, optionally backed by a file: each append is written (one line)
 * to the file before it returns, so it survives a {@code kill -9} of the process, and
 * {@link #open(Path, Clock)} reads the file back.
 */
final class MemoryJournal implements Journal {

    private final List<JournalRecord> records = new ArrayList<>();
    private final Clock clock;
    private final OutputStream file;

    MemoryJournal(Clock clock) {
        this.clock = clock;
        this.file = null;
    }

    private MemoryJournal(Clock clock, OutputStream file) {
        this.clock = clock;
        this.file = file;
    }

    /** Opens (or creates) a file-backed journal and reads its records. */
    static MemoryJournal open(Path path, Clock clock) throws IOException {
        List<JournalRecord> read = new ArrayList<>();
        if (Files.exists(path)) {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                String[] parts = line.split("\t", -1);
                if (parts.length < 3 || !parts[parts.length - 1].equals(".")) {
                    continue; // a line cut by the kill
                }
                Map<String, String> fields = new LinkedHashMap<>();
                for (int i = 3; i < parts.length - 1; i++) {
                    int eq = parts[i].indexOf('=');
                    fields.put(parts[i].substring(0, eq), URLDecoder.decode(parts[i].substring(eq + 1),
                            StandardCharsets.UTF_8));
                }
                read.add(new JournalRecord(Long.parseLong(parts[0]), Instant.parse(parts[1]), parts[2], fields));
            }
        }
        MemoryJournal j = new MemoryJournal(clock, Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND));
        j.records.addAll(read);
        return j;
    }

    @Override
    public synchronized <E extends Record> long append(EventType<E> type, E event) {
        long index = records.size();
        JournalRecord r = new JournalRecord(index, clock.instant(), type.name(), type.encode(event));
        if (file != null) {
            StringBuilder line = new StringBuilder().append(index).append('\t').append(r.time()).append('\t')
                    .append(r.type());
            r.fields().forEach((k, v) -> line.append('\t').append(k).append('=').append(URLEncoder.encode(v,
                    StandardCharsets.UTF_8)));
            line.append("\t.\n");
            try {
                file.write(line.toString().getBytes(StandardCharsets.UTF_8));
                file.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        records.add(r);
        return index;
    }

    synchronized <E extends Record> List<E> events(EventType<E> type) {
        return records.stream().map(r -> r.as(type)).flatMap(Optional::stream).toList();
    }

    synchronized List<JournalRecord> records() {
        return List.copyOf(records);
    }

    @Override
    public synchronized long lastIndex() {
        return records.size() - 1;
    }

    @Override
    public synchronized JournalTailer tail(long fromIndex) {
        int[] next = {(int) Math.max(0, fromIndex)};
        return new JournalTailer() {
            @Override
            public JournalRecord next() {
                synchronized (MemoryJournal.this) {
                    return next[0] < records.size() ? records.get(next[0]++) : null;
                }
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public synchronized JournalTailer tailFromEnd() {
        return tail(records.size());
    }

    @Override
    public synchronized List<JournalRecord> latest(int count) {
        return List.copyOf(records.subList(Math.max(0, records.size() - count), records.size()));
    }
}
