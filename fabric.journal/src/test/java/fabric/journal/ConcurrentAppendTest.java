package fabric.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.journal.EventType;
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads append at once while others tail; tailers move between threads. */
class ConcurrentAppendTest {

    record Written(int thread, int sequence) {
    }

    static final EventType<Written> WRITTEN = EventType.of("test.written", Written.class);

    private static final int THREADS = 8;
    private static final int PER_THREAD = 500;

    @TempDir
    Path dir;

    @Test
    void concurrentAppendsGetUniqueIndicesAndAreAllReadable() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 3);
        try (ChronicleJournal journal = ChronicleJournal.open(dir)) {
            JournalTailer follower = journal.tailFromEnd(); // opened here, read on a pool thread
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Map<Long, Written>>> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    start.await();
                    Map<Long, Written> mine = new HashMap<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        Written event = new Written(thread, i);
                        mine.put(journal.append(WRITTEN, event), event);
                    }
                    return mine;
                }));
            }
            Future<List<JournalRecord>> reader = pool.submit(() -> {
                start.await();
                List<JournalRecord> seen = new ArrayList<>();
                while (seen.size() < THREADS * PER_THREAD) {
                    JournalRecord r = follower.next();
                    if (r == null) {
                        Thread.onSpinWait();
                    } else {
                        seen.add(r);
                    }
                }
                return seen;
            });
            // Meanwhile other threads open tailers and look at the end of the journal.
            List<Future<Integer>> lookers = new ArrayList<>();
            for (int l = 0; l < 2; l++) {
                lookers.add(pool.submit(() -> {
                    start.await();
                    int looks = 0;
                    while (journal.lastIndex() < 0 || journal.latest(THREADS * PER_THREAD).size() < THREADS * PER_THREAD) {
                        List<JournalRecord> last = journal.latest(10);
                        if (!last.isEmpty()) {
                            try (JournalTailer tailer = journal.tail(last.get(0).index())) {
                                assertEquals(last.get(0).index(), tailer.next().index());
                            }
                        }
                        looks++;
                    }
                    return looks;
                }));
            }
            start.countDown();

            Map<Long, Written> acknowledged = new HashMap<>();
            for (Future<Map<Long, Written>> w : writers) {
                Map<Long, Written> mine = w.get(30, TimeUnit.SECONDS);
                for (Map.Entry<Long, Written> e : mine.entrySet()) {
                    assertEquals(null, acknowledged.put(e.getKey(), e.getValue()), "index given twice: " + e.getKey());
                }
            }
            assertEquals(THREADS * PER_THREAD, acknowledged.size());

            for (Future<Integer> looker : lookers) {
                assertTrue(looker.get(30, TimeUnit.SECONDS) >= 0);
            }
            List<JournalRecord> followed = reader.get(30, TimeUnit.SECONDS);
            follower.close();
            List<JournalRecord> replayed = new ArrayList<>();
            journal.replay(0, replayed::add);
            for (List<JournalRecord> read : List.of(followed, replayed)) {
                assertEquals(THREADS * PER_THREAD, read.size());
                long previous = -1;
                Set<Written> distinct = new HashSet<>();
                for (JournalRecord r : read) {
                    assertTrue(r.index() > previous, "indices increase");
                    previous = r.index();
                    Written event = r.as(WRITTEN).orElseThrow();
                    assertEquals(acknowledged.get(r.index()), event);
                    distinct.add(event);
                }
                assertEquals(THREADS * PER_THREAD, distinct.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
