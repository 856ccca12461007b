package fabric.set.internal;

import java.util.Arrays;

/**
 * The dynamic distribution's flowlet table: for each flow (by hash, in a fixed table where flows
 * may collide and then share an entry) the NIC its current flowlet takes and when it was last seen.
 * A flow not seen for longer than the flowlet gap starts a new flowlet, which may take another NIC.
 */
final class Flowlets {

    private static final int FLOWS = 1 << 14;
    private final int[] key = new int[FLOWS];
    private final int[] uplink = new int[FLOWS];
    private final long[] seen = new long[FLOWS];

    Flowlets() {
        Arrays.fill(uplink, -1);
    }

    /** @return the NIC of the flow's current flowlet, or -1 when a new flowlet starts */
    int uplink(int flow, long now, long gapNanos) {
        int slot = flow & (FLOWS - 1);
        if (key[slot] != flow || now - seen[slot] > gapNanos) {
            return -1;
        }
        return uplink[slot];
    }

    /** A new flowlet of the flow takes a NIC. */
    void start(int flow, int nic) {
        int slot = flow & (FLOWS - 1);
        key[slot] = flow;
        uplink[slot] = nic;
    }

    /** The flow sent a frame now. */
    void seen(int flow, long now) {
        seen[flow & (FLOWS - 1)] = now;
    }
}
