package fabric.sdn.internal.wire;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/** The Internet checksum (RFC 1071) over buffer ranges. */
public final class Checksum {

    private Checksum() {
    }

    /**
     * @param buffer the bytes
     * @param offset first byte
     * @param length bytes to sum (an odd last byte is padded with zero)
     * @param initial a partial sum to continue (0 to start)
     * @return the 32-bit running one's-complement sum, not folded
     */
    public static long sum(DirectBuffer buffer, int offset, int length, long initial) {
        long sum = initial;
        int i = offset;
        int end = offset + length;
        while (i + 4 <= end) {
            sum += buffer.getInt(i, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
            i += 4;
        }
        if (i + 2 <= end) {
            sum += buffer.getShort(i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            i += 2;
        }
        if (i < end) {
            sum += (buffer.getByte(i) & 0xFF) << 8;
        }
        return sum;
    }

    /**
     * @param sum a running sum from {@link #sum}
     * @return the checksum: the folded sum's complement, 16 bits
     */
    public static int fold(long sum) {
        long s = sum;
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) (~s & 0xFFFF);
    }

    /**
     * @param buffer the bytes
     * @param offset first byte
     * @param length bytes covered
     * @return the checksum of the range; 0 when the range holds a correct checksum field
     */
    public static int of(DirectBuffer buffer, int offset, int length) {
        return fold(sum(buffer, offset, length, 0));
    }
}
