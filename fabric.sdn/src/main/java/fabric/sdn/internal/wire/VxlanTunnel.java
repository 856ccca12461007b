package fabric.sdn.internal.wire;

import static java.nio.ByteOrder.BIG_ENDIAN;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The VXLAN fast path for one tunnel (source and destination provider address, VNI): the 50 bytes
 * of outer headers are built once as a template of six big-endian words and a short, with the IPv4
 * checksum of every field but the total length pre-summed and folded. Encapsulating a frame patches
 * the IPv4 total length and checksum (one addition and one fold: RFC 1624's incremental update from
 * the template's sum) and the UDP source port (entropy from the inner flow's hash) and length into
 * those words in registers and writes the 50 bytes with seven stores (no partial overwrite, no
 * second pass): into the headroom in front of the frame ({@link #encapsulateInPlace}, the frame
 * does not move) or in front of a copy of it ({@link #encapsulate}). {@link #decapsulate} is the matching receive check, from
 * five word loads. The header words are stored and loaded raw after one bounds check for the whole
 * header (the buffer's per-access checks cost as much again). Nothing allocates.
 */
public final class VxlanTunnel {

    private static final int IP_UDP_VXLAN = Wire.IPV4_HEADER + Wire.UDP_HEADER + Wire.VXLAN_HEADER;
    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    /** The IPv4 header's one's-complement sum without the total length and checksum, folded to 16 bits. */
    private final int partialSum;
    // The template's bytes 16-23, 24-31 and 32-39 as big-endian words (patched per frame), and its
    // bytes 0-7, 8-15, 40-47 and 48-49 in native order, ready to store.
    private final long w2;
    private final long w3;
    private final long w4;
    private final long n0;
    private final long n1;
    private final long n5;
    private final short n6;

    /**
     * @param srcMac the sending host's MAC
     * @param dstMac the next hop's MAC
     * @param srcPa the sending host's provider address
     * @param dstPa the receiving host's provider address
     * @param vni the VNI
     */
    public VxlanTunnel(long srcMac, long dstMac, int srcPa, int dstPa, int vni) {
        UnsafeBuffer template = new UnsafeBuffer(new byte[Wire.VXLAN_OVERHEAD]);
        int at = FrameWriter.ethernet(template, 0, dstMac, srcMac, Wire.ETHERTYPE_IPV4);
        FrameWriter.ipv4(template, at, 0, Wire.PROTO_UDP, 64, 0, srcPa, dstPa);
        template.putShort(at + 2, (short) 0, BIG_ENDIAN);
        template.putShort(at + 10, (short) 0, BIG_ENDIAN);
        partialSum = fold16(Checksum.sum(template, at, Wire.IPV4_HEADER, 0));
        FrameWriter.udp(template, at + Wire.IPV4_HEADER, 0, Wire.VXLAN_PORT, 0);
        template.putShort(at + Wire.IPV4_HEADER + 4, (short) 0, BIG_ENDIAN);
        FrameWriter.vxlan(template, at + Wire.IPV4_HEADER + Wire.UDP_HEADER, vni);
        w2 = template.getLong(16, BIG_ENDIAN);
        w3 = template.getLong(24, BIG_ENDIAN);
        w4 = template.getLong(32, BIG_ENDIAN);
        n0 = template.getLong(0);
        n1 = template.getLong(8);
        n5 = template.getLong(40);
        n6 = template.getShort(48);
    }

    /** @return a big-endian word in native order */
    private static long nativeOrder(long bigEndian) {
        return NATIVE_BIG_ENDIAN ? bigEndian : Long.reverseBytes(bigEndian);
    }

    private static int fold16(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
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
        out.boundsCheck(outOffset, Wire.VXLAN_OVERHEAD);
        writeHeader(out, outOffset, innerLength, flowHash);
        out.putBytes(outOffset + Wire.VXLAN_OVERHEAD, inner, innerOffset, innerLength);
        return Wire.VXLAN_OVERHEAD + innerLength;
    }

    /**
     * Encapsulates a frame where it lies: the outer headers go into the {@link Wire#VXLAN_OVERHEAD}
     * bytes of headroom in front of it, the frame is not moved.
     *
     * @param b the buffer holding the frame and its headroom
     * @param innerOffset the frame's first byte, at least {@link Wire#VXLAN_OVERHEAD}
     * @param innerLength its bytes
     * @param flowHash the inner flow's hash
     * @return the outer frame's length; it starts at {@code innerOffset - Wire.VXLAN_OVERHEAD}
     */
    public int encapsulateInPlace(MutableDirectBuffer b, int innerOffset, int innerLength, int flowHash) {
        b.boundsCheck(innerOffset - Wire.VXLAN_OVERHEAD, Wire.VXLAN_OVERHEAD + innerLength);
        writeHeader(b, innerOffset - Wire.VXLAN_OVERHEAD, innerLength, flowHash);
        return Wire.VXLAN_OVERHEAD + innerLength;
    }

    /** Writes the outer headers; the caller has checked that the 50 bytes are in the buffer. */
    private void writeHeader(MutableDirectBuffer out, int outOffset, int innerLength, int flowHash) {
        long total = IP_UDP_VXLAN + innerLength;
        // partialSum and total are both below 2^16: one fold leaves at most 0xFFFF.
        long s = partialSum + total;
        s = (s & 0xFFFF) + (s >>> 16);
        long checksum = ~s & 0xFFFF;
        long srcPort = Encapsulator.entropyPort(flowHash);
        // Bytes 16-17 are the IPv4 total length, 24-25 its checksum, 34-35 the UDP source port,
        // 38-39 the UDP length: the top 16 bits of w2 and w3, bits 32-47 and 0-15 of w4.
        Object base = out.byteArray();
        long at = out.addressOffset() + outOffset;
        UnsafeApi.putLong(base, at, n0);
        UnsafeApi.putLong(base, at + 8, n1);
        UnsafeApi.putLong(base, at + 16, nativeOrder(w2 | total << 48));
        UnsafeApi.putLong(base, at + 24, nativeOrder(w3 | checksum << 48));
        UnsafeApi.putLong(base, at + 32, nativeOrder(w4 | srcPort << 32 | (total - Wire.IPV4_HEADER)));
        UnsafeApi.putLong(base, at + 40, n5);
        UnsafeApi.putShort(base, at + 48, n6);
    }

    /**
     * The receive check of the fast path: an untagged outer frame with an option-less IPv4 header
     * whose checksum verifies and whose length fits, UDP to port 4789, a VXLAN header with the I
     * flag, IPv4 and UDP lengths consistent with the frame. Anything else returns -1 and is left to
     * the full parser ({@link PacketParser}), which handles (or counts and drops) every other shape.
     * The inner frame starts at {@code offset + Wire.VXLAN_OVERHEAD}; its length is
     * {@link #check}'s.
     *
     * @param b the buffer
     * @param offset the outer frame's first byte
     * @param length its bytes
     * @return the VNI, or -1 when the frame is not a plain VXLAN frame
     */
    public static int decapsulate(DirectBuffer b, int offset, int length) {
        long checked = check(b, offset, length);
        return checked < 0 ? -1 : vni(checked);
    }

    /**
     * {@link #decapsulate}'s check with both of its answers: the VNI and the inner frame's length
     * (from the UDP length), packed into one value, so that the receive path reads neither again.
     *
     * @param b the buffer
     * @param offset the outer frame's first byte
     * @param length its bytes
     * @return a negative value when the frame is not a plain VXLAN frame, else the inner length
     *     ({@link #innerLength(long)}) and the VNI ({@link #vni(long)})
     */
    public static long check(DirectBuffer b, int offset, int length) {
        if (length < Wire.VXLAN_OVERHEAD + Wire.ETH_HEADER || length > Wire.MAX_FRAME || offset < 0
                || offset + length > b.capacity()) {
            return -1;
        }
        // Five big-endian words cover bytes 12-51 (the inner frame has at least 14 bytes): the
        // checks and the header checksum share them.
        // In bounds: 0 <= offset and offset + 52 < offset + length <= capacity, checked above.
        Object base = b.byteArray();
        long at = b.addressOffset() + offset;
        long a = nativeOrder(UnsafeApi.getLong(base, at + 12)); // EtherType, version/IHL, ToS, total length, id
        long c = nativeOrder(UnsafeApi.getLong(base, at + 20)); // flags/fragment, TTL, protocol, checksum, source
        long d = nativeOrder(UnsafeApi.getLong(base, at + 28)); // source (low half), destination, UDP source port
        long e = nativeOrder(UnsafeApi.getLong(base, at + 36)); // UDP destination port, length, checksum, VXLAN flags
        long f = nativeOrder(UnsafeApi.getLong(base, at + 44)); // VXLAN reserved, VNI, reserved, inner bytes
        int total = (int) (a >>> 16) & 0xFFFF;
        int udpLength = (int) (e >>> 32) & 0xFFFF;
        // Not a fragment (MF and offset zero, DF ignored) and UDP: bits 16-29 and 0-7 of bytes 20-23.
        if ((a >>> 40) != 0x08_0045 || ((c >>> 32) & 0x3FFF_00FFL) != Wire.PROTO_UDP
                || (e >>> 48) != Wire.VXLAN_PORT || (e & 0x0800) == 0 || total > length - Wire.ETH_HEADER
                || udpLength < Wire.UDP_HEADER + Wire.VXLAN_HEADER || udpLength > total - Wire.IPV4_HEADER) {
            return -1;
        }
        // The header's ten 16-bit words summed as aligned 32-bit pieces in a 64-bit accumulator
        // (RFC 1071's wider sum): bytes 14-15, 16-19, 20-23, 24-27, 28-29 and 30-33.
        long h = d >>> 16;
        long sum = ((a >>> 32) & 0xFFFF) + (a & 0xFFFF_FFFFL) + (c >>> 32) + (c & 0xFFFF_FFFFL) + (h >>> 32)
                + (h & 0xFFFF_FFFFL);
        // Below 6 * 2^32: three folds end at or below 0xFFFF.
        sum = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        if (sum != 0xFFFF) {
            return -1;
        }
        return (long) (udpLength - Wire.UDP_HEADER - Wire.VXLAN_HEADER) << 32 | (f >>> 24) & 0xFF_FFFFL;
    }

    /**
     * @param checked a non-negative result of {@link #check}
     * @return the VNI
     */
    public static int vni(long checked) {
        return (int) checked;
    }

    /**
     * @param checked a non-negative result of {@link #check}
     * @return the inner frame's length
     */
    public static int innerLength(long checked) {
        return (int) (checked >>> 32);
    }
}
