package fabric.sdn.controller.internal;

import fabric.api.network.FrameSink;
import fabric.api.network.Ipv4Address;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What sits behind a controller-made vNIC: until a VM plugs in, it counts the frames delivered and
 * answers ICMP echo requests for its address (so the vNIC can be pinged), nothing else; once a guest
 * is plugged ({@link #plug}), every frame goes to the guest. The data plane answers ARP for the
 * address from its mappings.
 */
final class NicResponder implements FrameSink {

    private static final int ETH = 14;
    private final long mac;
    private final int ip;
    private volatile VPort port;
    private volatile FrameSink guest;
    private long received;
    private long answered;

    NicResponder(MacAddress mac, Ipv4Address ip) {
        this.mac = mac.value();
        this.ip = ip.value();
    }

    void bind(VPort p) {
        this.port = p;
    }

    /** @param vnic the guest that gets the port's frames from now on, or {@code null} for the placeholder */
    void plug(FrameSink vnic) {
        this.guest = vnic;
    }

    VPort port() {
        return port;
    }

    @Override
    public void receive(ByteBuffer frame) {
        FrameSink g = guest;
        if (g != null) {
            g.receive(frame);
            return;
        }
        ByteBuffer in = frame.duplicate().order(ByteOrder.BIG_ENDIAN);
        int base = in.position();
        int length = in.remaining();
        ByteBuffer reply;
        synchronized (this) {
            received++;
            if (length < ETH + 20 + 8 || (in.getShort(base + 12) & 0xFFFF) != 0x0800) {
                return;
            }
            int ihl = (in.get(base + ETH) & 0x0F) * 4;
            int total = in.getShort(base + ETH + 2) & 0xFFFF;
            if (in.get(base + ETH + 9) != 1 || in.getInt(base + ETH + 16) != ip || ihl < 20 || total > length - ETH
                    || in.get(base + ETH + ihl) != 8) {
                return;
            }
            answered++;
            int icmpLength = total - ihl;
            reply = ByteBuffer.allocate(ETH + 20 + icmpLength).order(ByteOrder.BIG_ENDIAN);
            for (int i = 0; i < 6; i++) {
                reply.put(i, in.get(base + 6 + i));
                reply.put(6 + i, (byte) (mac >>> (40 - 8 * i)));
            }
            reply.putShort(12, (short) 0x0800);
            reply.put(ETH, (byte) 0x45);
            reply.putShort(ETH + 2, (short) (20 + icmpLength));
            reply.putShort(ETH + 4, in.getShort(base + ETH + 4));
            reply.put(ETH + 8, (byte) 64);
            reply.put(ETH + 9, (byte) 1);
            reply.putInt(ETH + 12, ip);
            reply.putInt(ETH + 16, in.getInt(base + ETH + 12));
            reply.putShort(ETH + 10, checksum(reply, ETH, 20));
            for (int i = 0; i < icmpLength; i++) {
                reply.put(ETH + 20 + i, in.get(base + ETH + ihl + i));
            }
            reply.put(ETH + 20, (byte) 0);
            reply.putShort(ETH + 22, (short) 0);
            reply.putShort(ETH + 22, checksum(reply, ETH + 20, icmpLength));
        }
        VPort p = port;
        if (p != null) {
            p.send(reply);
        }
    }

    static short checksum(ByteBuffer b, int offset, int length) {
        long sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += b.getShort(offset + i) & 0xFFFF;
        }
        if ((length & 1) != 0) {
            sum += (b.get(offset + length - 1) & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (short) ~sum;
    }

    synchronized long received() {
        return received;
    }

    synchronized long answered() {
        return answered;
    }
}
