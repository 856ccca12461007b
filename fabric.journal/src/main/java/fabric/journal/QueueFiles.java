package fabric.journal;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.wire.BinaryWireCode;
import net.openhft.chronicle.wire.Wires;
import org.slf4j.Logger;

/**
 * The files of a queue directory: the cycle files ({@code *.cq4}, one per roll cycle) and the
 * metadata table ({@code metadata.cq4t}).
 *
 * <p>{@link #check} looks at their headers before Chronicle opens them, because Chronicle meets a
 * damaged header with a wait of up to its timeout and then an exception that names no file. A cycle
 * file that was never initialised (empty or all zeros: the process died while creating it at a
 * roll) holds no event and is deleted; any other file that does not start with a Chronicle header
 * is refused.
 */
final class QueueFiles {

    static final String CYCLE_SUFFIX = ".cq4";
    static final String METADATA_FILE = "metadata.cq4t";

    /** What follows the first header word: the field {@code header} holding a typed {@code !SCQStore}. */
    private static final byte[] CYCLE_MAGIC = magic("SCQStore");
    /** The same for the metadata table, typed {@code !STStore}. */
    private static final byte[] METADATA_MAGIC = magic("STStore");

    private QueueFiles() {
    }

    /** Totals of a queue directory. */
    record Usage(int cycleFiles, long bytes) {
    }

    /**
     * Checks every queue file's header.
     *
     * @param directory the queue's directory
     * @param log where deleted files are reported
     * @throws FabricException {@code INTERNAL} naming the file when one is not a Chronicle Queue file
     */
    static void check(Path directory, Logger log) {
        for (Path file : list(directory)) {
            String name = file.getFileName().toString();
            if (name.endsWith(CYCLE_SUFFIX)) {
                checkCycleFile(file, log);
            } else if (name.equals(METADATA_FILE)) {
                checkMetadata(file);
            }
        }
    }

    /**
     * @param directory the queue's directory
     * @return how many cycle files it holds and the size of all its files
     */
    static Usage usage(Path directory) {
        int cycleFiles = 0;
        long bytes = 0;
        for (Path file : list(directory)) {
            try {
                bytes += Files.size(file);
            } catch (IOException e) {
                // Deleted meanwhile (Chronicle removes temporary files): not part of the queue any more.
                continue;
            }
            if (file.getFileName().toString().endsWith(CYCLE_SUFFIX)) {
                cycleFiles++;
            }
        }
        return new Usage(cycleFiles, bytes);
    }

    /**
     * @param rollCycle the queue's roll cycle
     * @param cycle a cycle number
     * @return the name of the cycle's file, as Chronicle names it (UTC, epoch 0)
     */
    static String fileName(RollCycle rollCycle, int cycle) {
        Instant start = Instant.ofEpochMilli((long) cycle * rollCycle.lengthInMillis());
        return DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC).format(start) + CYCLE_SUFFIX;
    }

    private static void checkCycleFile(Path file, Logger log) {
        byte[] head = head(file);
        int header = head.length < 4 ? 0 : ByteBuffer.wrap(head, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (header == 0) {
            // Chronicle writes the header word first: a file without one holds nothing if it is all zeros.
            if (!allZero(file)) {
                throw corrupt(file, "it has no header but holds data");
            }
            delete(file, log);
        } else if ((header & Wires.NOT_COMPLETE) != 0) {
            // A header being written when the process stopped: Chronicle completes it (after its timeout).
            if (!followedBy(head, CYCLE_MAGIC)) {
                throw corrupt(file, "it does not start with a Chronicle Queue header");
            }
        } else if (!startsWithHeader(head, header, CYCLE_MAGIC)) {
            throw corrupt(file, "it does not start with a Chronicle Queue header");
        }
    }

    private static void checkMetadata(Path file) {
        byte[] head = head(file);
        if (head.length == 0) {
            return; // Chronicle writes a new table.
        }
        int header = head.length < 4 ? 0 : ByteBuffer.wrap(head, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (!startsWithHeader(head, header, METADATA_MAGIC)) {
            throw corrupt(file, "it does not start with a Chronicle table header");
        }
    }

    private static boolean startsWithHeader(byte[] head, int header, byte[] magic) {
        return (header & Wires.NOT_COMPLETE) == 0 && (header & Wires.META_DATA) != 0
                && (header & Wires.LENGTH_MASK) >= magic.length && followedBy(head, magic);
    }

    private static boolean followedBy(byte[] head, byte[] magic) {
        return head.length >= 4 + magic.length && Arrays.equals(head, 4, 4 + magic.length, magic, 0, magic.length);
    }

    private static FabricException corrupt(Path file, String reason) {
        return new FabricException(ErrorCode.INTERNAL, "journal file " + file + " is corrupt: " + reason
                + "; move it out of " + file.getParent() + " to open the journal without it");
    }

    private static void delete(Path file, Logger log) {
        try {
            Files.delete(file);
            log.warn("Deleted journal file {}: it was never initialised (the process stopped while creating it)"
                    + " and holds no event", file);
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot delete the uninitialised journal file " + file
                    + ": " + e.getMessage(), e);
        }
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(64);
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot read journal file " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean allZero(Path file) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != 0) {
                        return false;
                    }
                }
            }
            return true;
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot read journal file " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return new ArrayList<>(files.filter(Files::isRegularFile).sorted().toList());
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    private static byte[] magic(String typeAlias) {
        byte[] field = "header".getBytes(StandardCharsets.US_ASCII);
        byte[] alias = typeAlias.getBytes(StandardCharsets.US_ASCII);
        // Binary wire: the event name "header", then a type prefix with the store's alias.
        return ByteBuffer.allocate(2 + field.length + 2 + alias.length)
                .put((byte) BinaryWireCode.EVENT_NAME).put((byte) field.length).put(field)
                .put((byte) BinaryWireCode.TYPE_PREFIX).put((byte) alias.length).put(alias)
                .array();
    }
}
