package fabric.s2d.internal;

/**
 * The fixed sizes of a pool, chosen when it is created and kept in its metadata.
 *
 * <p>Each disk starts with two metadata slots of {@code metadataSlotBytes}; extents follow. An
 * extent holds one column of one slab: {@code extentBytes} of data, then a CRC32C per 4 KiB block.
 * Columns are striped in interleaves of {@code interleaveBytes}; written and stale state is tracked
 * per region of {@code regionBytes} of a column.
 *
 * @param extentBytes column bytes per slab; a multiple of the region
 * @param interleaveBytes stripe unit; a multiple of 4096 dividing the region
 * @param regionBytes tracking unit; a multiple of the interleave dividing the extent
 * @param metadataSlotBytes size of each of the two metadata slots on every disk; a multiple of 4096
 */
public record Geometry(int extentBytes, int interleaveBytes, int regionBytes, int metadataSlotBytes) {

    /** The defaults: 256 MiB extents, 256 KiB interleave, 4 MiB regions, 8 MiB metadata slots. */
    public static final Geometry DEFAULT = new Geometry(256 << 20, 256 << 10, 4 << 20, 8 << 20);

    /** Validates the sizes fit each other. */
    public Geometry {
        if (interleaveBytes < BlockCrc.BLOCK || interleaveBytes % BlockCrc.BLOCK != 0) {
            throw new IllegalArgumentException("interleave must be a positive multiple of 4096: " + interleaveBytes);
        }
        if (regionBytes < interleaveBytes || regionBytes % interleaveBytes != 0) {
            throw new IllegalArgumentException("region must be a multiple of the interleave: " + regionBytes);
        }
        if (extentBytes < regionBytes || extentBytes % regionBytes != 0) {
            throw new IllegalArgumentException("extent must be a multiple of the region: " + extentBytes);
        }
        if (metadataSlotBytes < BlockCrc.BLOCK || metadataSlotBytes % BlockCrc.BLOCK != 0) {
            throw new IllegalArgumentException("metadata slot must be a positive multiple of 4096: " + metadataSlotBytes);
        }
        if (extentBytes / regionBytes > 4096) {
            throw new IllegalArgumentException("at most 4096 regions per extent");
        }
    }

    /** @return 4 KiB blocks per extent */
    public int blocksPerExtent() {
        return extentBytes / BlockCrc.BLOCK;
    }

    /** @return bytes of the checksum area after each extent's data, rounded to 4 KiB */
    public int checksumBytes() {
        int raw = blocksPerExtent() * 4;
        return (raw + BlockCrc.BLOCK - 1) / BlockCrc.BLOCK * BlockCrc.BLOCK;
    }

    /** @return bytes an extent occupies on disk: data and checksums */
    public long extentStride() {
        return (long) extentBytes + checksumBytes();
    }

    /** @return where the first extent starts on a disk */
    public long dataStart() {
        return 2L * metadataSlotBytes;
    }

    /**
     * @param diskBytes a disk's size
     * @return how many extents it holds
     */
    public int extentsOn(long diskBytes) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, (diskBytes - dataStart()) / extentStride()));
    }

    /** @return regions per column */
    public int regionsPerExtent() {
        return extentBytes / regionBytes;
    }

    /** @return 4 KiB blocks per interleave */
    public int blocksPerInterleave() {
        return interleaveBytes / BlockCrc.BLOCK;
    }
}
