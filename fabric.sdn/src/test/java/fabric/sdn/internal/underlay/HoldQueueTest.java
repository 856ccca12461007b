package fabric.sdn.internal.underlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The hold of a paused sender: FIFO, bounded in frames and bytes, frames never torn by the ring's end. */
class HoldQueueTest {

    private static UnsafeBuffer frame(int id, int length) {
        UnsafeBuffer b = new UnsafeBuffer(new byte[length]);
        for (int i = 0; i < length; i++) {
            b.putByte(i, (byte) (id * 31 + i));
        }
        return b;
    }

    private static void assertFrame(ByteBuffer head, int id, int length) {
        assertEquals(length, head.remaining(), "frame " + id);
        for (int i = 0; i < length; i++) {
            assertEquals((byte) (id * 31 + i), head.get(head.position() + i), "frame " + id + " byte " + i);
        }
    }

    @Test
    void randomOffersAndRemovesKeepOrderAndBytesAcrossTheRingsEnd() {
        long seed = 20261125L;
        SplittableRandom rnd = new SplittableRandom(seed);
        HoldQueue q = new HoldQueue(10_000, 64);
        ArrayDeque<int[]> model = new ArrayDeque<>();
        long modelBytes = 0;
        int next = 0;
        int refused = 0;
        for (int step = 0; step < 200_000; step++) {
            if (rnd.nextInt(100) < 55) {
                int len = 1 + rnd.nextInt(1500);
                if (q.offer(frame(next, len), 0, len)) {
                    model.add(new int[] {next, len});
                    modelBytes += len;
                } else {
                    refused++;
                    // Free space is the run the frame did not fit in, plus either the run before the
                    // head (too short as well) or the gap a wrapped frame left at the ring's end
                    // (shorter than that frame, at most 1,500 bytes).
                    assertTrue(model.size() == 64 || 10_000 - modelBytes < len + 1500L,
                            "seed " + seed + ": refused " + len + " bytes with " + (10_000 - modelBytes) + " free");
                }
                next++;
            } else if (!model.isEmpty()) {
                int[] m = model.poll();
                assertFrame(q.head(), m[0], m[1]);
                q.remove();
                modelBytes -= m[1];
            }
            assertEquals(model.size(), q.size(), "seed " + seed);
            assertEquals(modelBytes, q.bytes(), "seed " + seed);
            assertTrue(q.bytes() <= 10_000 && q.size() <= 64);
        }
        assertTrue(refused > 0, "the bounds were reached");
    }

    @Test
    void boundsInFramesAndBytesAndAnEmptiedQueueStartsAgainAtTheRingsStart() {
        HoldQueue q = new HoldQueue(1000, 4);
        assertTrue(q.isEmpty());
        for (int i = 0; i < 4; i++) {
            assertTrue(q.offer(frame(i, 100), 0, 100));
        }
        assertFalse(q.offer(frame(4, 100), 0, 100), "four frames at most");
        q.remove();
        assertTrue(q.offer(frame(4, 600), 0, 600), "400 bytes used, 600 free at the end");
        q.remove();
        assertFalse(q.offer(frame(5, 300), 0, 300), "200 free at the start, none at the end");
        assertTrue(q.offer(frame(5, 200), 0, 200), "the 200 bytes before the head");
        for (int id : new int[] {2, 3, 4, 5}) {
            assertFrame(q.head(), id, id == 4 ? 600 : id == 5 ? 200 : 100);
            q.remove();
        }
        assertTrue(q.isEmpty());
        assertFalse(q.offer(frame(6, 2000), 0, 2000), "larger than the hold");
        assertTrue(q.offer(frame(7, 1000), 0, 1000), "empty: the whole ring is free again");
        assertFrame(q.head(), 7, 1000);
    }
}
