package fabric.set.internal;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.DirectBuffer;

/** What the switch reads from a frame to classify and steer it: its 802.1p priority and its flow. */
final class FrameFields {

    private FrameFields() {
    }

    /** The 802.1p priority from an 802.1Q tag, or the vPort's default for untagged frames. */
    static int priority(DirectBuffer frame, int offset, int length, int untagged) {
        if (length >= 18 && (frame.getShort(offset + 12, BIG_ENDIAN) & 0xFFFF) == 0x8100) {
            return (frame.getByte(offset + 14) & 0xFF) >>> 5;
        }
        return untagged;
    }

    /** A hash of the IPv4 5-tuple (addresses, protocol, TCP/UDP ports), or of the MACs for other frames. */
    static int flowHash(DirectBuffer frame, int offset, int length) {
        int l3 = offset + 14;
        int type = length >= 14 ? frame.getShort(offset + 12, BIG_ENDIAN) & 0xFFFF : 0;
        if (type == 0x8100 && length >= 18) {
            type = frame.getShort(offset + 16, BIG_ENDIAN) & 0xFFFF;
            l3 += 4;
        }
        int h;
        if (type == 0x0800 && l3 + 20 <= offset + length) {
            int ihl = (frame.getByte(l3) & 0xF) * 4;
            int proto = frame.getByte(l3 + 9) & 0xFF;
            h = frame.getInt(l3 + 12, BIG_ENDIAN) * 0x9E3779B1 ^ frame.getInt(l3 + 16, BIG_ENDIAN) * 0x85EBCA77 ^ proto;
            if ((proto == 6 || proto == 17) && l3 + ihl + 4 <= offset + length) {
                h ^= frame.getInt(l3 + ihl, BIG_ENDIAN) * 0xC2B2AE3D;
            }
        } else if (length >= 12) {
            h = frame.getInt(offset, BIG_ENDIAN) * 0x9E3779B1 ^ frame.getInt(offset + 6, BIG_ENDIAN) * 0x85EBCA77;
        } else {
            h = 0;
        }
        return h ^ (h >>> 15);
    }
}
