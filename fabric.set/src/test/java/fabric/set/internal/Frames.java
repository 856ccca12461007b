package fabric.set.internal;

import static java.nio.ByteOrder.BIG_ENDIAN;

import org.agrona.MutableDirectBuffer;

/** Test frames: 802.1Q-tagged IPv4/UDP with a sequence number in the payload. */
final class Frames {

    private Frames() {
    }

    /** Writes a tagged UDP frame of {@code length} bytes (at least 50); returns the length. */
    static int udp(MutableDirectBuffer b, int pcp, int srcPort, long seq, int length) {
        b.putShort(0, (short) 0x0200, BIG_ENDIAN);
        b.putInt(2, 2, BIG_ENDIAN);
        b.putShort(6, (short) 0x0200, BIG_ENDIAN);
        b.putInt(8, 1, BIG_ENDIAN);
        b.putShort(12, (short) 0x8100, BIG_ENDIAN);
        b.putShort(14, (short) (pcp << 13 | 10), BIG_ENDIAN);
        b.putShort(16, (short) 0x0800, BIG_ENDIAN);
        b.putByte(18, (byte) 0x45);
        b.putShort(20, (short) (length - 18), BIG_ENDIAN);
        b.putByte(27, (byte) 17);
        b.putInt(30, 0x0A00_0001, BIG_ENDIAN);
        b.putInt(34, 0x0A00_0002, BIG_ENDIAN);
        b.putShort(38, (short) srcPort, BIG_ENDIAN);
        b.putShort(40, (short) 445, BIG_ENDIAN);
        b.putLong(46, seq, BIG_ENDIAN);
        return length;
    }

    static long seq(org.agrona.DirectBuffer b, int offset) {
        return b.getLong(offset + 46, BIG_ENDIAN);
    }
}
