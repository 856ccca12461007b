package fabric.sdn.internal.underlay;

import fabric.api.teaming.EgressPort;
import fabric.api.teaming.EgressResult;
import fabric.api.teaming.UplinkWire;
import fabric.sdn.internal.wire.Wire;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The underlay as the hosts see it, with each node's team in between when there is one: a host
 * whose node's team is {@link #route routed} hands its outer frames to the team's
 * {@link EgressPort} (classified into the team's tenant class, steered to a NIC, queued, scheduled
 * by ETS), and the team's NICs put them on the real underlay through the host's
 * {@link #wire wire}; a host without a team sends straight to the underlay, as before. Receiving is
 * the underlay's. {@link #poll()} runs the teams' schedulers, then delivers what arrived.
 *
 * <p>Tenant frames leave with 802.1p priority {@link #TENANT_PRIORITY}, which the converged-host
 * policy maps to a lossy class: the lossless (storage) class is never paused by tenant traffic.
 * A frame the team drops or pauses is a failed send (the host agent counts it as an underlay drop).
 */
public final class TeamUplinks implements Underlay {

    /** The 802.1p priority of encapsulated tenant frames: best effort. */
    public static final int TENANT_PRIORITY = 0;

    private final Underlay underlay;
    private final Int2ObjectHashMap<Host> hosts = new Int2ObjectHashMap<>();
    private volatile Host[] routed = new Host[0];
    private final AtomicLong teamRefused = new AtomicLong();
    private final AtomicLong wireRefused = new AtomicLong();

    /** @param underlay the provider network the teams' NICs send onto */
    public TeamUplinks(Underlay underlay) {
        this.underlay = underlay;
    }

    @Override
    public synchronized UnderlayEndpoint attach(int providerAddress, long hostMac, UnderlayReceiver receiver) {
        Host h = new Host(underlay.attach(providerAddress, hostMac, receiver));
        hosts.put(providerAddress, h);
        return h;
    }

    /**
     * Routes a host's frames through its node's team, or straight to the underlay again.
     *
     * @param providerAddress the host's provider address
     * @param port the team's port for the host, or {@code null} for none
     */
    public synchronized void route(int providerAddress, EgressPort port) {
        Host h = hosts.get(providerAddress);
        if (h == null) {
            throw new IllegalArgumentException("no host at " + Wire.ipToString(providerAddress));
        }
        h.port = port;
        int n = 0;
        for (Host x : hosts.values()) {
            n += x.port != null ? 1 : 0;
        }
        Host[] list = new Host[n];
        int i = 0;
        for (Host x : hosts.values()) {
            if (x.port != null) {
                list[i++] = x;
            }
        }
        routed = list;
    }

    /**
     * @param providerAddress a host's provider address
     * @return where its team's NICs put its frames: the host's own attachment to the underlay
     */
    public synchronized UplinkWire wire(int providerAddress) {
        Host h = hosts.get(providerAddress);
        if (h == null) {
            throw new IllegalArgumentException("no host at " + Wire.ipToString(providerAddress));
        }
        return h::onWire;
    }

    /** @return frames a team dropped or paused at once (a failed send) */
    public long teamRefused() {
        return teamRefused.get();
    }

    /** @return frames a team transmitted that the underlay refused */
    public long wireRefused() {
        return wireRefused.get();
    }

    /**
     * Runs every routed team's egress scheduler.
     *
     * @return frames the teams sent
     */
    public int flush() {
        int sent = 0;
        for (Host h : routed) {
            EgressPort p = h.port;
            if (p != null) {
                sent += p.flush();
            }
        }
        return sent;
    }

    @Override
    public int poll() {
        return flush() + underlay.poll();
    }

    @Override
    public void close() {
        underlay.close();
    }

    /** A host's attachment: through its team when routed, else straight. */
    private final class Host implements UnderlayEndpoint {
        final UnderlayEndpoint direct;
        volatile EgressPort port;
        /** A view of the sender's buffer, made once per buffer: frames are handed on without a copy. */
        private ByteBuffer source;
        private ByteBuffer view;
        private final ByteBuffer staging = ByteBuffer.allocateDirect(Wire.MAX_FRAME);
        private final UnsafeBuffer stagingView = new UnsafeBuffer(staging);
        private final UnsafeBuffer wireView = new UnsafeBuffer(0, 0);

        Host(UnderlayEndpoint direct) {
            this.direct = direct;
        }

        @Override
        public int providerAddress() {
            return direct.providerAddress();
        }

        @Override
        public synchronized boolean send(DirectBuffer frame, int offset, int length) {
            EgressPort p = port;
            if (p == null) {
                return direct.send(frame, offset, length);
            }
            ByteBuffer bytes = frame.byteBuffer();
            ByteBuffer out;
            if (bytes != null) {
                if (bytes != source) {
                    source = bytes;
                    view = bytes.duplicate();
                }
                int at = (int) frame.wrapAdjustment() + offset;
                view.clear();
                view.position(at).limit(at + length);
                out = view;
            } else if (length <= staging.capacity()) {
                stagingView.putBytes(0, frame, offset, length);
                staging.clear().limit(length);
                out = staging;
            } else {
                teamRefused.incrementAndGet();
                return false;
            }
            if (p.send(out) != EgressResult.QUEUED) {
                teamRefused.incrementAndGet();
                return false;
            }
            return true;
        }

        /** A NIC of the team transmits one of this host's frames: onto the underlay. */
        void onWire(String nic, String trafficClass, ByteBuffer frame) {
            wireView.wrap(frame, frame.position(), frame.remaining());
            if (!direct.send(wireView, 0, frame.remaining())) {
                wireRefused.incrementAndGet();
            }
        }
    }
}
