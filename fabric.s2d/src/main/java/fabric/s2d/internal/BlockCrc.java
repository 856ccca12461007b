package fabric.s2d.internal;

import java.util.zip.CRC32C;

/**
 * The checksum of a 4 KiB block as stored: CRC32C of the block XOR the CRC32C of a zero block, so
 * that a block never written (zeros, checksum zero in a sparse file) verifies without having been
 * initialised, while any bit flip in data or checksum is caught.
 */
public final class BlockCrc {

    /** The block size every checksum covers. */
    public static final int BLOCK = 4096;
    private static final int ZERO_BLOCK_CRC;

    static {
        CRC32C c = new CRC32C();
        c.update(new byte[BLOCK]);
        ZERO_BLOCK_CRC = (int) c.getValue();
    }

    private BlockCrc() {
    }

    /**
     * @param crc a reusable checksum
     * @param buf the bytes
     * @param offset where the block starts
     * @return the stored checksum of the block
     */
    public static int of(CRC32C crc, byte[] buf, int offset) {
        crc.reset();
        crc.update(buf, offset, BLOCK);
        return (int) crc.getValue() ^ ZERO_BLOCK_CRC;
    }
}
