package fabric.sdn.internal.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * VXLAN (RFC 7348) and NVGRE (RFC 7637) encapsulation of a whole inner frame: outer Ethernet,
 * IPv4 and UDP/GRE headers, then the inner frame copied after them. The outer UDP source port is
 * taken from the inner flow's hash, in the dynamic range 49152-65535, so that underlay ECMP spreads
 * flows while keeping each flow on one path.
 */
public final class Encapsulator {

    private Encapsulator() {
    }

    /**
     * @param flowHash a hash of the inner 5-tuple ({@link Packet#flowHash()})
     * @return the outer UDP source port, 49152-65535
     */
    public static int entropyPort(int flowHash) {
        return 49152 | ((flowHash ^ (flowHash >>> 16)) & 0x3FFF);
    }

    /**
     * Writes the VXLAN-encapsulated frame.
     *
     * @param inner the inner frame's buffer
     * @param innerOffset its first byte
     * @param innerLength its bytes
     * @param out where the outer frame goes
     * @param outOffset first byte of the outer frame
     * @param outerSrcMac the sending host's MAC
     * @param outerDstMac the next hop's MAC
     * @param srcPa the sending host's provider address
     * @param dstPa the receiving host's provider address
     * @param vni the virtual network
     * @param flowHash the inner flow's hash
     * @return the outer frame's length
     */
    public static int vxlan(DirectBuffer inner, int innerOffset, int innerLength, MutableDirectBuffer out,
            int outOffset, long outerSrcMac, long outerDstMac, int srcPa, int dstPa, int vni, int flowHash) {
        int at = FrameWriter.ethernet(out, outOffset, outerDstMac, outerSrcMac, Wire.ETHERTYPE_IPV4);
        int udpPayload = Wire.VXLAN_HEADER + innerLength;
        at = FrameWriter.ipv4(out, at, Wire.UDP_HEADER + udpPayload, Wire.PROTO_UDP, 64, 0, srcPa, dstPa);
        at = FrameWriter.udp(out, at, entropyPort(flowHash), Wire.VXLAN_PORT, udpPayload);
        at = FrameWriter.vxlan(out, at, vni);
        out.putBytes(at, inner, innerOffset, innerLength);
        return at + innerLength - outOffset;
    }

    /**
     * Writes only the VXLAN header and the inner frame: the UDP payload a socket sends.
     *
     * @param inner the inner frame's buffer
     * @param innerOffset its first byte
     * @param innerLength its bytes
     * @param out where the payload goes
     * @param outOffset its first byte
     * @param vni the virtual network
     * @return the payload's length
     */
    public static int vxlanPayload(DirectBuffer inner, int innerOffset, int innerLength, MutableDirectBuffer out,
            int outOffset, int vni) {
        int at = FrameWriter.vxlan(out, outOffset, vni);
        out.putBytes(at, inner, innerOffset, innerLength);
        return Wire.VXLAN_HEADER + innerLength;
    }

    /**
     * Writes the NVGRE-encapsulated frame.
     *
     * @param inner the inner frame's buffer
     * @param innerOffset its first byte
     * @param innerLength its bytes
     * @param out where the outer frame goes
     * @param outOffset first byte of the outer frame
     * @param outerSrcMac the sending host's MAC
     * @param outerDstMac the next hop's MAC
     * @param srcPa the sending host's provider address
     * @param dstPa the receiving host's provider address
     * @param vsid the virtual subnet
     * @param flowHash the inner flow's hash (its low byte is the FlowID)
     * @return the outer frame's length
     */
    public static int nvgre(DirectBuffer inner, int innerOffset, int innerLength, MutableDirectBuffer out,
            int outOffset, long outerSrcMac, long outerDstMac, int srcPa, int dstPa, int vsid, int flowHash) {
        int at = FrameWriter.ethernet(out, outOffset, outerDstMac, outerSrcMac, Wire.ETHERTYPE_IPV4);
        at = FrameWriter.ipv4(out, at, Wire.NVGRE_HEADER + innerLength, Wire.PROTO_GRE, 64, 0, srcPa, dstPa);
        at = FrameWriter.nvgre(out, at, vsid, flowHash);
        out.putBytes(at, inner, innerOffset, innerLength);
        return at + innerLength - outOffset;
    }
}
