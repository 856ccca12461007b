package fabric.api.storage;

import fabric.api.core.FabricException;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Block I/O on a volume at any byte offset and length. Thread-safe. A write is visible to every
 * later read at once; it is durable (survives {@code kill -9} and power loss) once a later
 * {@link #flush()} returns, or at once when written with {@code fua}.
 *
 * <p>Every method throws {@link FabricException} with {@code INVALID_ARGUMENT} for a range outside
 * the volume, {@code UNAVAILABLE} when the volume is offline or deleted, and {@code INTERNAL} when
 * the data cannot be read correctly from any copy; nothing is ever returned that was not written.
 */
@ProviderType
public interface BlockDevice {

    /** @return the volume's name */
    String name();

    /** @return the size in bytes */
    long size();

    /**
     * Reads {@code dst.remaining()} bytes at {@code offset} into {@code dst}, advancing its position.
     *
     * @param offset the byte offset
     * @param dst where the bytes go
     */
    void read(long offset, ByteBuffer dst);

    /**
     * Writes {@code src.remaining()} bytes at {@code offset}, advancing its position.
     *
     * @param offset the byte offset
     * @param src the bytes
     * @param fua force unit access: durable when this returns
     */
    void write(long offset, ByteBuffer src, boolean fua);

    /** Makes every write that returned before this call durable. */
    void flush();

    /**
     * Discards a range: it reads as zeros afterwards; whole slabs are given back to the pool.
     *
     * @param offset the byte offset
     * @param length the byte count
     */
    void trim(long offset, long length);

    /**
     * Writes zeros over a range; whole slabs are given back to the pool (sparse).
     *
     * @param offset the byte offset
     * @param length the byte count
     */
    void writeZeroes(long offset, long length);
}
