package fabric.s2d.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateMeterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void rateOverCompleteSecondsOfTheWindow() {
        AtomicLong now = new AtomicLong(5 * SECOND + 123);
        RateMeter m = new RateMeter(4, now::get);
        m.record(1000);
        assertEquals(0, m.bytesPerSecond(), "no second complete yet");
        now.addAndGet(SECOND);
        assertEquals(1000, m.bytesPerSecond());
        m.record(3000);
        m.record(-5);
        now.addAndGet(SECOND);
        assertEquals(2000, m.bytesPerSecond(), "4000 bytes over 2 seconds");
        now.addAndGet(3 * SECOND);
        // the window holds seconds 6..9: 3000 in second 6, nothing after
        assertEquals(750, m.bytesPerSecond());
        now.addAndGet(SECOND);
        assertEquals(0, m.bytesPerSecond(), "everything slid out of the window");
    }

    @Test
    void aBucketReusedForANewSecondStartsFromZero() {
        AtomicLong now = new AtomicLong(0);
        RateMeter m = new RateMeter(2, now::get);
        m.record(900);
        now.addAndGet(3 * SECOND); // same bucket (3 buckets), three seconds later
        m.record(60);
        now.addAndGet(SECOND);
        assertEquals(30, m.bytesPerSecond(), "60 bytes over seconds 2..3, the old 900 gone");
    }

    @Test
    void concurrentRecordsAreAllCounted() throws InterruptedException {
        AtomicLong now = new AtomicLong(0);
        RateMeter m = new RateMeter(1, now::get);
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    m.record(1);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        now.addAndGet(SECOND);
        assertEquals(400_000, m.bytesPerSecond());
    }

    @Test
    void windowIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new RateMeter(0, System::nanoTime));
        assertThrows(IllegalArgumentException.class, () -> new RateMeter(3601, System::nanoTime));
    }
}
