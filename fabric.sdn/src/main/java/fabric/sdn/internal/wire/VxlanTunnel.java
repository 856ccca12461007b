package fabric.sdn.internal.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The VXLAN fast path for one tunnel (source and destination provider address, VNI): the 50 bytes
 * of outer headers are built once as a template (written with seven word stores), with the IPv4 checksum of every field but the
 * total length pre-summed. Encapsulating a frame copies the template, patches the IPv4 total
 * length and checksum and the UDP source port (entropy from the inner flow's hash) and length, and
 * copies the frame behind. {@link #decapsulate} is the matching receive check. Nothing allocates.
 */
public final class VxlanTunnel {

    private final UnsafeBuffer template = new UnsafeBuffer(new byte[Wire.VXLAN_OVERHEAD]);
    private final long partialSum;
    // The template as six longs and a short (native order): seven stores instead of a memory copy.
    private final long t0;
    private final long t1;
    private final long t2;
    private final long t3;
    private final long t4;
    private final long t5;
    private final short t6;

    /**
     * @param srcMac the sending host's MAC
     * @param dstMac the next hop's MAC
     * @param srcPa the sending host's provider address
     * @param dstPa the receiving host's provider address
     * @param vni the VNI
     */
    public VxlanTunnel(long srcMac, long dstMac, int srcPa, int dstPa, int vni) {
        int at = FrameWriter.ethernet(template, 0, dstMac, srcMac, Wire.ETHERTYPE_IPV4);
        FrameWriter.ipv4(template, at, 0, Wire.PROTO_UDP, 64, 0, srcPa, dstPa);
        template.putShort(at + 2, (short) 0, BIG_ENDIAN);
        template.putShort(at + 10, (short) 0, BIG_ENDIAN);
        partialSum = Checksum.sum(template, at, Wire.IPV4_HEADER, 0);
        FrameWriter.udp(template, at + Wire.IPV4_HEADER, 0, Wire.VXLAN_PORT, 0);
        FrameWriter.vxlan(template, at + Wire.IPV4_HEADER + Wire.UDP_HEADER, vni);
        t0 = template.getLong(0);
        t1 = template.getLong(8);
        t2 = template.getLong(16);
        t3 = template.getLong(24);
        t4 = template.getLong(32);
        t5 = template.getLong(40);
        t6 = template.getShort(48);
    }

    /**
     * @param inner the inner frame's buffer
     * @param innerOffset its first byte
     * @param innerLength its bytes
     * @param out where the outer frame goes
     * @param outOffset its first byte
     * @param flowHash the inner flow's hash
     * @return the outer frame's length
     */
    public int encapsulate(DirectBuffer inner, int innerOffset, int innerLength, MutableDirectBuffer out, int outOffset,
            int flowHash) {
        out.putLong(outOffset, t0);
        out.putLong(outOffset + 8, t1);
        out.putLong(outOffset + 16, t2);
        out.putLong(outOffset + 24, t3);
        out.putLong(outOffset + 32, t4);
        out.putLong(outOffset + 40, t5);
        out.putShort(outOffset + 48, t6);
        int ip = outOffset + Wire.ETH_HEADER;
        int total = Wire.IPV4_HEADER + Wire.UDP_HEADER + Wire.VXLAN_HEADER + innerLength;
        out.putShort(ip + 2, (short) total, BIG_ENDIAN);
        out.putShort(ip + 10, (short) Checksum.fold(partialSum + total), BIG_ENDIAN);
        int udp = ip + Wire.IPV4_HEADER;
        out.putShort(udp, (short) Encapsulator.entropyPort(flowHash), BIG_ENDIAN);
        out.putShort(udp + 4, (short) (total - Wire.IPV4_HEADER), BIG_ENDIAN);
        out.putBytes(outOffset + Wire.VXLAN_OVERHEAD, inner, innerOffset, innerLength);
        return Wire.VXLAN_OVERHEAD + innerLength;
    }

    /**
     * The receive check of the fast path: an untagged outer frame with an option-less IPv4 header
     * whose checksum verifies and whose length fits, UDP to port 4789, a VXLAN header with the I
     * flag, IPv4 and UDP lengths consistent with the frame. Anything else returns -1 and is left to
     * the full parser ({@link PacketParser}), which handles (or counts and drops) every other shape.
     * The inner frame starts at {@code offset + Wire.VXLAN_OVERHEAD} and is
     * {@link #innerLength} bytes long.
     *
     * @param b the buffer
     * @param offset the outer frame's first byte
     * @param length its bytes
     * @return the VNI, or -1 when the frame is not a plain VXLAN frame
     */
    public static int decapsulate(DirectBuffer b, int offset, int length) {
        if (length < Wire.VXLAN_OVERHEAD + Wire.ETH_HEADER || length > Wire.MAX_FRAME || offset < 0
                || offset + length > b.capacity()) {
            return -1;
        }
        int ip = offset + Wire.ETH_HEADER;
        // Whole 32-bit words, each read once: the checks and the header checksum share them.
        int typeVersion = b.getInt(offset + 12, BIG_ENDIAN);
        int word0 = b.getInt(ip, BIG_ENDIAN);
        int word1 = b.getInt(ip + 4, BIG_ENDIAN);
        int word2 = b.getInt(ip + 8, BIG_ENDIAN);
        int src = b.getInt(ip + 12, BIG_ENDIAN);
        int dst = b.getInt(ip + 16, BIG_ENDIAN);
        int ports = b.getInt(ip + 20, BIG_ENDIAN);
        int udpLength = b.getInt(ip + 24, BIG_ENDIAN) >>> 16;
        int vxlan0 = b.getInt(ip + 28, BIG_ENDIAN);
        int total = word0 & 0xFFFF;
        if ((typeVersion & 0xFFFF_FF00) != 0x0800_4500 || (word1 & 0x3FFF) != 0
                || (word2 & 0x00FF_0000) != Wire.PROTO_UDP << 16 || (ports & 0xFFFF) != Wire.VXLAN_PORT
                || (vxlan0 & 0x0800_0000) == 0 || total > length - Wire.ETH_HEADER
                || udpLength < Wire.UDP_HEADER + Wire.VXLAN_HEADER || udpLength > total - Wire.IPV4_HEADER) {
            return -1;
        }
        long sum = (word0 >>> 16) + (word0 & 0xFFFF) + (word1 >>> 16) + (word1 & 0xFFFF) + (word2 >>> 16)
                + (word2 & 0xFFFF) + (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF);
        if (Checksum.fold(sum) != 0) {
            return -1;
        }
        return b.getInt(ip + 32, BIG_ENDIAN) >>> 8;
    }

    /**
     * @param b the buffer
     * @param offset the first byte of an outer frame {@link #decapsulate} accepted
     * @return the inner frame's length, from the UDP length
     */
    public static int innerLength(DirectBuffer b, int offset) {
        int udpLength = b.getShort(offset + Wire.ETH_HEADER + Wire.IPV4_HEADER + 4, BIG_ENDIAN) & 0xFFFF;
        return udpLength - Wire.UDP_HEADER - Wire.VXLAN_HEADER;
    }
}
