package fabric.set.internal;

import fabric.api.teaming.ClassCounters;
import fabric.api.teaming.TrafficClass;
import java.util.ArrayList;
import java.util.List;

/**
 * One NIC of a team with its egress scheduler: a queue per DCB traffic class, served by deficit
 * round robin (Shreedhar and Varghese, SIGCOMM 1995) with quanta proportional to the classes' ETS
 * shares, at the link's rate measured on the switch's clock. A lossless (PFC) class's queue pauses
 * its senders at half its capacity, so the other half is headroom for frames already on their way
 * (such as those moved from a failed NIC); other classes drop when their queue is full. While the
 * link partner pauses a lossless class (PFC), the scheduler skips it and keeps its deficit.
 *
 * <p>A NIC is up when it is neither failed (fault injection) nor without carrier (its physical
 * link, as the senders report it).
 */
final class Uplink {

    /** Bytes of quantum per 1% of ETS share: 100% gets 100 full-size frames' worth per round. */
    static final int QUANTUM_PER_PERCENT = 1514;

    final String nic;
    final int speedGbps;
    final long bytesPerSecond;
    /** Neither failed nor without carrier: the team steers to it and it transmits. */
    boolean up = true;
    /** Failed by fault injection ({@code team:fail-nic}) until restored. */
    boolean failed;
    /** The physical link under it has carrier (as the senders report it). */
    boolean carrier = true;
    /** Per class: the link partner asserts PFC for it. */
    final boolean[] peerPaused;
    /** Per class: pauses the link partner asserted while the class was running (PFC received). */
    final long[] peerPauses;
    /** Per class: queued frames at which a lossless class pauses its senders (XOFF). */
    final int[] pauseAt;
    final FrameQueue[] queues;
    final boolean[] lossless;
    final int[] quantum;
    final long[] deficit;
    final String[] classNames;
    final long[] txFrames;
    final long[] txBytes;
    final long[] drops;
    final long[] pauses;
    int pinned;
    private int current;
    private boolean inTurn;
    private long credit;

    Uplink(String nic, int speedGbps, List<TrafficClass> classes, int queueFrames, int slotSize) {
        this.nic = nic;
        this.speedGbps = speedGbps;
        this.bytesPerSecond = speedGbps * 125_000_000L;
        int n = classes.size();
        queues = new FrameQueue[n];
        lossless = new boolean[n];
        quantum = new int[n];
        deficit = new long[n];
        classNames = new String[n];
        txFrames = new long[n];
        txBytes = new long[n];
        drops = new long[n];
        pauses = new long[n];
        peerPaused = new boolean[n];
        peerPauses = new long[n];
        pauseAt = new int[n];
        for (int c = 0; c < n; c++) {
            TrafficClass tc = classes.get(c);
            lossless[c] = tc.lossless();
            queues[c] = new FrameQueue(tc.lossless() ? 2 * queueFrames : queueFrames, slotSize);
            quantum[c] = tc.bandwidthPercent() * QUANTUM_PER_PERCENT;
            classNames[c] = tc.name();
            pauseAt[c] = queueFrames;
        }
    }

    /** @return true when a lossless class's queue is at its pause threshold (XOFF) */
    boolean paused(int c) {
        return lossless[c] && queues[c].size() >= pauseAt[c];
    }

    long queuedBytes() {
        long b = 0;
        for (FrameQueue q : queues) {
            b += q.bytes();
        }
        return b;
    }

    /**
     * Earns credit for {@code nanos} of link time and sends what the credit and DRR allow.
     *
     * @return frames sent
     */
    int transmit(long nanos, EgressSink sink) {
        if (!up) {
            return 0;
        }
        // A second or more of idle time earns a second's worth (and the product cannot overflow).
        credit += nanos >= 1_000_000_000L ? bytesPerSecond : bytesPerSecond * Math.max(0, nanos) / 1_000_000_000L;
        int n = queues.length;
        int sent = 0;
        int idle = 0;
        // Classic DRR: a class's turn adds its quantum once; it sends while its head frame fits the
        // deficit; an emptied queue forfeits what is left. When the link credit runs out mid-turn the
        // turn resumes at the next tick without a second quantum.
        while (idle < n) {
            FrameQueue q = queues[current];
            if (peerPaused[current]) {
                // PFC from the link partner: the class waits with its deficit; the others go on.
                next();
                idle++;
                continue;
            }
            if (q.size() == 0) {
                deficit[current] = 0;
                next();
                idle++;
                continue;
            }
            idle = 0;
            if (!inTurn) {
                deficit[current] += quantum[current];
                inTurn = true;
            }
            while (q.size() > 0 && q.headLength() <= deficit[current]) {
                int len = q.headLength();
                if (len > credit) {
                    return sent;
                }
                sink.transmitted(nic, current, q.headVport(), q.buffer(), q.headOffset(), len);
                credit -= len;
                deficit[current] -= len;
                txFrames[current]++;
                txBytes[current] += len;
                q.remove();
                sent++;
            }
            if (q.size() == 0) {
                deficit[current] = 0;
            }
            next();
        }
        // Nothing queued: an idle link does not bank credit for a later burst.
        credit = 0;
        return sent;
    }

    private void next() {
        current = (current + 1) % queues.length;
        inTurn = false;
    }

    List<ClassCounters> counters() {
        List<ClassCounters> list = new ArrayList<>();
        for (int c = 0; c < queues.length; c++) {
            list.add(new ClassCounters(classNames[c], txFrames[c], txBytes[c], drops[c], pauses[c], queues[c].size(),
                    peerPauses[c], peerPaused[c]));
        }
        return list;
    }
}
