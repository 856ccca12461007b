package fabric.journal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.journal.EventType;
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import java.io.IOException;
import java.lang.reflect.InaccessibleObjectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import net.openhft.chronicle.core.cleaner.CleanerServiceLocator;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal on a Chronicle Queue in one directory: one document per event, in Chronicle's binary
 * wire (see {@link EventDocument}), indexed by Chronicle's index (roll cycle in the high bits,
 * sequence within the cycle in the low bits).
 *
 * <p>Thread-safe: any thread appends (appends are serialised, so event times never go backwards
 * along the index with a monotonic clock) and any thread opens tailers; a tailer is used by one
 * thread at a time, not necessarily the one that opened it.
 *
 * <p>An event is acknowledged when {@link #append} returns: it is then in the memory-mapped queue
 * file and survives the death of the process ({@code kill -9}); with {@link SyncMode#SYNC} it has
 * also been written to the device. Documents this journal cannot read (no valid event type or
 * time: a newer format, or bytes written by another tool) are skipped by every reader with a
 * warning (once per document), and counted in {@link #info()}.
 *
 * <p>After {@link #close()} every method, including those of open tailers, throws
 * {@link FabricException} {@code UNAVAILABLE}.
 */
public final class ChronicleJournal implements InspectableJournal, AutoCloseable {

    private final Path directory;
    private final SyncMode syncMode;
    private final Clock clock;
    private final Logger log;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    /** Readers of the queue hold it shared; {@link #close()} holds it exclusively. */
    private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
    private final Lock appending = new ReentrantLock();
    private final Set<ChronicleTailer> tailers = ConcurrentHashMap.newKeySet();
    /** The unreadable documents met so far, each reported once. */
    private final Set<Long> unreadable = ConcurrentHashMap.newKeySet();
    private boolean closed;

    /**
     * Opens (or creates) the journal in a directory.
     *
     * @param settings where and how
     * @throws FabricException {@code INTERNAL} when the directory cannot be created or a queue file is
     *         corrupt or truncated, naming the file
     */
    public ChronicleJournal(JournalSettings settings) {
        this.directory = settings.directory().toAbsolutePath().normalize();
        this.syncMode = settings.syncMode();
        this.clock = settings.clock();
        SingleChronicleQueue opened = null;
        ClassLoader previous = BundleLoader.enter();
        try {
            quietChronicle();
            this.log = LoggerFactory.getLogger(ChronicleJournal.class);
            CleanerServiceLocator.cleanerService();
            Files.createDirectories(directory);
            QueueFiles.check(directory, log);
            opened = SingleChronicleQueueBuilder.binary(directory)
                    .rollCycle(settings.rollCycle())
                    .timeProvider(new ClockTimeProvider(clock))
                    .syncMode(syncMode.chronicle())
                    .build();
            verify(opened);
            ExcerptAppender a = opened.acquireAppender();
            a.singleThreadedCheckDisabled(true);
            this.appender = a;
            this.queue = opened;
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot create the journal directory " + directory + ": "
                    + e.getMessage(), e);
        } catch (FabricException e) {
            closeQuietly(opened);
            throw e;
        } catch (RuntimeException | LinkageError e) {
            closeQuietly(opened);
            throw new FabricException(ErrorCode.INTERNAL, "cannot open the journal in " + directory + ": "
                    + describe(e) + hint(e), e);
        } finally {
            BundleLoader.exit(previous);
        }
    }

    /**
     * Opens the journal in a directory with the default settings.
     *
     * @param directory the directory
     * @return the journal
     */
    public static ChronicleJournal open(Path directory) {
        return new ChronicleJournal(JournalSettings.of(directory));
    }

    @Override
    public <E extends Record> long append(EventType<E> type, E event) {
        Objects.requireNonNull(type, "type");
        Map<String, String> fields = type.encode(event);
        return whileOpen(() -> {
            appending.lock();
            ClassLoader previous = BundleLoader.enter();
            try {
                Instant time = clock.instant();
                try (DocumentContext dc = appender.writingDocument()) {
                    try {
                        EventDocument.write(dc.wire(), time, type.name(), fields);
                    } catch (RuntimeException e) {
                        dc.rollbackOnClose();
                        throw e;
                    }
                }
                long index = appender.lastIndexAppended();
                if (syncMode != SyncMode.NONE) {
                    appender.sync();
                }
                return index;
            } catch (FabricException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new FabricException(ErrorCode.INTERNAL, "cannot append " + type.name() + " to the journal in "
                        + directory + ": " + describe(e), e);
            } finally {
                BundleLoader.exit(previous);
                appending.unlock();
            }
        });
    }

    @Override
    public long lastIndex() {
        return whileOpen(queue::lastIndex);
    }

    @Override
    public JournalTailer tail(long fromIndex) {
        return whileOpen(() -> {
            ExcerptTailer tailer = start();
            try {
                if (fromIndex > 0) {
                    place(tailer, fromIndex);
                }
            } catch (RuntimeException e) {
                tailer.close();
                throw e;
            }
            return register(tailer, fromIndex);
        });
    }

    @Override
    public JournalTailer tailFromEnd() {
        return whileOpen(() -> register(start().toEnd(), Long.MIN_VALUE));
    }

    @Override
    public List<JournalRecord> latest(int count) {
        if (count <= 0) {
            throw FabricException.invalid("count", "must be positive, not " + count);
        }
        return whileOpen(() -> {
            Deque<JournalRecord> newestFirst = new ArrayDeque<>();
            try (ExcerptTailer tailer = queue.createTailer()) {
                tailer.direction(TailerDirection.BACKWARD).toEnd();
                long first = queue.firstIndex();
                boolean more = true;
                while (more && newestFirst.size() < count) {
                    try (DocumentContext dc = tailer.readingDocument()) {
                        if (!dc.isPresent()) {
                            break;
                        }
                        // Chronicle 5.23 fails to step back from the first document of cycle 0: stop there.
                        more = dc.index() != first;
                        JournalRecord record = decode(dc);
                        if (record != null) {
                            newestFirst.add(record);
                        }
                    }
                }
            }
            List<JournalRecord> oldestFirst = new ArrayList<>(newestFirst.size());
            newestFirst.descendingIterator().forEachRemaining(oldestFirst::add);
            return oldestFirst;
        });
    }

    @Override
    public JournalInfo info() {
        return whileOpen(() -> {
            QueueFiles.Usage usage = QueueFiles.usage(directory);
            return new JournalInfo(directory, rollCycleName(queue.rollCycle()), syncMode, queue.lastIndex(),
                    usage.cycleFiles(), usage.bytes(), unreadable.size());
        });
    }

    /** @return the queue's directory */
    public Path directory() {
        return directory;
    }

    /**
     * Closes the queue and every tailer, and releases Chronicle's memory mappings. Later calls of any
     * method throw {@code UNAVAILABLE}; closing again does nothing.
     */
    @Override
    public void close() {
        state.writeLock().lock();
        ClassLoader previous = BundleLoader.enter();
        try {
            if (closed) {
                return;
            }
            closed = true;
            tailers.forEach(ChronicleTailer::release);
            tailers.clear();
            closeQuietly(appender);
            closeQuietly(queue);
            BackgroundResourceReleaser.releasePendingResources();
        } finally {
            BundleLoader.exit(previous);
            state.writeLock().unlock();
        }
    }

    /**
     * Runs an operation under the shared lock, after checking the journal is open.
     *
     * @throws FabricException {@code UNAVAILABLE} when closed; {@code INTERNAL} for a failure of Chronicle
     */
    <T> T whileOpen(Supplier<T> action) {
        state.readLock().lock();
        try {
            if (closed) {
                throw new FabricException(ErrorCode.UNAVAILABLE, "journal is closed");
            }
            return action.get();
        } catch (FabricException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FabricException(ErrorCode.INTERNAL, "journal " + directory + ": " + describe(e), e);
        } finally {
            state.readLock().unlock();
        }
    }

    /**
     * Reads the current document as an event.
     *
     * @param dc a present document
     * @return the event, or {@code null} when the document is not one (reported the first time)
     */
    JournalRecord decode(DocumentContext dc) {
        try {
            return EventDocument.read(dc.index(), dc.wire());
        } catch (UnreadableEventException e) {
            if (unreadable.add(e.index())) {
                log.warn("{} (journal {})", e.getMessage(), directory);
            }
            return null;
        }
    }

    /** Forgets a tailer its owner closed. */
    void closed(ChronicleTailer tailer) {
        tailers.remove(tailer);
    }

    private JournalTailer register(ExcerptTailer tailer, long fromIndex) {
        ChronicleTailer t = new ChronicleTailer(this, tailer, fromIndex);
        tailers.add(t);
        return t;
    }

    private ExcerptTailer start() {
        ClassLoader previous = BundleLoader.enter();
        try {
            ExcerptTailer tailer = queue.createTailer();
            tailer.singleThreadedCheckDisabled(true);
            return tailer;
        } finally {
            BundleLoader.exit(previous);
        }
    }

    /**
     * Places a tailer at the first document whose index is at least {@code fromIndex}. Indices are not
     * contiguous (each roll cycle starts its own sequence, and cycles without events have no file), so
     * an index that is not there moves the tailer to the next cycle that exists, or to the end; the
     * tailer skips whatever comes before {@code fromIndex}.
     */
    private void place(ExcerptTailer tailer, long fromIndex) {
        if (tailer.moveToIndex(fromIndex)) {
            return;
        }
        long last = queue.lastIndex();
        if (last < 0 || fromIndex > last) {
            tailer.toEnd();
            return;
        }
        RollCycle rollCycle = queue.rollCycle();
        int cycle = rollCycle.toCycle(fromIndex);
        try {
            // Chronicle lists cycles only between two that have files.
            Long next = queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle()).higher((long) cycle);
            if (next != null && tailer.moveToIndex(rollCycle.toIndex(next.intValue(), 0))) {
                return;
            }
        } catch (java.text.ParseException | RuntimeException e) {
            log.debug("cannot find the cycle after {}; reading from the start", cycle, e);
        }
        tailer.toStart();
    }

    /** Opens the header and index of every cycle file, so that a damaged one fails now, by name. */
    private static void verify(SingleChronicleQueue queue) {
        RollCycle rollCycle = queue.rollCycle();
        int first = queue.firstCycle();
        int last = queue.lastCycle();
        if (first > last) {
            return; // Empty.
        }
        int checking = first;
        try (ExcerptTailer tailer = queue.createTailer()) { // at the start of the first cycle
            for (long cycle : queue.listCyclesBetween(first, last)) {
                checking = (int) cycle;
                tailer.moveToIndex(rollCycle.toIndex(checking, 0));
            }
            checking = last;
            queue.lastIndex();
        } catch (java.text.ParseException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot list the files of the journal in " + queue.file()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new FabricException(ErrorCode.INTERNAL, "journal file "
                    + queue.file().toPath().resolve(QueueFiles.fileName(rollCycle, checking))
                    + " is corrupt or truncated: " + describe(e) + "; move it out of " + queue.file()
                    + " to open the journal without it", e);
        }
    }

    /**
     * Chronicle reports usage to its vendor and prints a banner unless told not to; the fabric's JVM
     * flags tell it, and this makes sure of it when they are missing.
     */
    private static void quietChronicle() {
        for (String property : new String[] {"chronicle.analytics.disable", "chronicle.announcer.disable"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, "true");
            }
        }
    }

    private static String rollCycleName(RollCycle rollCycle) {
        return rollCycle instanceof Enum<?> e ? e.name() : rollCycle.toString();
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage() == null ? e : e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(" (").append(cause.getMessage()).append(')');
            }
        }
        return text.toString();
    }

    private static String hint(Throwable e) {
        return e instanceof LinkageError || e instanceof InaccessibleObjectException
                ? "; Chronicle Queue needs the JVM flags of fabric.jvm.flags (--add-exports/--add-opens)"
                : "";
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Closing releases memory mappings; a failure here leaves nothing to recover.
        }
    }
}
