package fabric.s2d.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The two metadata slots at the start of every disk. Generation {@code g} is written to slot
 * {@code g % 2}, so a write torn by {@code kill -9} or power loss leaves generation {@code g - 1}
 * intact in the other slot. A slot is {@code magic, generation, length, crc32c, payload}; the
 * checksum covers generation, length and payload.
 */
final class MetadataSlots {

    static final long MAGIC = 0x4641425332445031L; // "FABS2DP1"
    static final int HEADER = 24;

    private MetadataSlots() {
    }

    /** A valid slot's content. */
    record Slot(long generation, byte[] payload) {
    }

    static void write(DiskFile disk, int slotBytes, long generation, byte[] payload) throws IOException {
        if (HEADER + payload.length > slotBytes) {
            throw new IOException("pool metadata of " + payload.length + " bytes does not fit a slot of " + slotBytes);
        }
        byte[] buf = new byte[(HEADER + payload.length + 4095) / 4096 * 4096];
        ByteBuffer b = ByteBuffer.wrap(buf);
        b.putLong(MAGIC).putLong(generation).putInt(payload.length).putInt(0).put(payload);
        b.putInt(20, checksum(buf, payload.length));
        disk.write((generation % 2) * slotBytes, buf, 0, buf.length);
        disk.force();
    }

    /** @return the newest valid slot on the disk, or {@code null} when neither slot is valid */
    static Slot readNewest(DiskFile disk, int slotBytes) {
        Slot best = null;
        for (int i = 0; i < 2; i++) {
            Slot s = read(disk, (long) i * slotBytes, slotBytes);
            if (s != null && (best == null || s.generation > best.generation)) {
                best = s;
            }
        }
        return best;
    }

    private static Slot read(DiskFile disk, long position, int slotBytes) {
        try {
            byte[] head = new byte[HEADER];
            disk.read(position, head, 0, HEADER);
            ByteBuffer h = ByteBuffer.wrap(head);
            if (h.getLong() != MAGIC) {
                return null;
            }
            long generation = h.getLong();
            int len = h.getInt();
            int crc = h.getInt();
            if (len < 0 || HEADER + len > slotBytes) {
                return null;
            }
            byte[] buf = new byte[HEADER + len];
            disk.read(position, buf, 0, buf.length);
            if (checksum(buf, len) != crc) {
                return null;
            }
            byte[] payload = new byte[len];
            System.arraycopy(buf, HEADER, payload, 0, len);
            return new Slot(generation, payload);
        } catch (IOException e) {
            return null;
        }
    }

    private static int checksum(byte[] buf, int payloadLength) {
        CRC32C c = new CRC32C();
        c.update(buf, 8, 12);
        c.update(buf, HEADER, payloadLength);
        return (int) c.getValue();
    }
}
