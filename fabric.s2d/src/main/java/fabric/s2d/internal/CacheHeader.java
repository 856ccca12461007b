package fabric.s2d.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * The label of a cache drive: the last 4 KiB of its file name the pool whose cache it holds, so
 * that a cache drive of another pool (a file copied or a drive moved) is refused instead of being
 * read as this pool's blocks. The cache's slots and checksums end before it.
 */
final class CacheHeader {

    /** Bytes kept at the end of a cache drive for the label. */
    static final int BYTES = 4096;
    private static final long MAGIC = 0x6661627269632d63L; // "fabric-c"

    private CacheHeader() {
    }

    private static long position(long sizeBytes) {
        return sizeBytes - BYTES;
    }

    /**
     * @return the pool named by the drive's label, or null when the drive has none (new, or written
     *         before drives were labelled)
     * @throws IOException when the drive cannot be read
     */
    static UUID read(DiskFile f, long sizeBytes) throws IOException {
        byte[] b = new byte[28];
        f.read(position(sizeBytes), b, 0, b.length);
        ByteBuffer in = ByteBuffer.wrap(b);
        if (in.getLong() != MAGIC) {
            return null;
        }
        UUID pool = new UUID(in.getLong(), in.getLong());
        CRC32C crc = new CRC32C();
        crc.update(b, 0, 24);
        return (int) crc.getValue() == in.getInt() ? pool : null;
    }

    /**
     * Labels the drive as holding the pool's cache.
     *
     * @throws IOException when the drive cannot be written
     */
    static void write(DiskFile f, long sizeBytes, UUID pool) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(28);
        out.putLong(MAGIC).putLong(pool.getMostSignificantBits()).putLong(pool.getLeastSignificantBits());
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, 24);
        out.putInt((int) crc.getValue());
        f.write(position(sizeBytes), out.array(), 0, 28);
    }
}
