package fabric.sdn.internal.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes frames to a file in the classic libpcap format (magic 0xa1b2c3d4, version 2.4, link type
 * Ethernet, microsecond timestamps), which Wireshark, tshark and tcpdump read. One reused direct
 * buffer per writer: writing a frame does not allocate.
 *
 * <p>Not thread-safe; the data path that owns the port writes.
 */
public final class PcapWriter implements AutoCloseable {

    /** The largest frame captured whole; longer ones are truncated to it (the record keeps the original length). */
    public static final int SNAPLEN = 65535;
    private static final int LINKTYPE_ETHERNET = 1;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer out = ByteBuffer.allocateDirect(16 + SNAPLEN).order(ByteOrder.LITTLE_ENDIAN);
    private final UnsafeBuffer view = new UnsafeBuffer(out);
    private long frames;

    /**
     * Creates (or truncates) the file and writes the global header.
     *
     * @param file where the capture goes
     * @throws UncheckedIOException when the file cannot be written
     */
    public PcapWriter(Path file) {
        this.file = file;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            out.clear();
            out.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN)
                    .putInt(LINKTYPE_ETHERNET).flip();
            drain();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write capture " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends one frame.
     *
     * @param frame the frame's buffer
     * @param offset its first byte
     * @param length its bytes
     * @param epochMicros the capture time, microseconds since the epoch
     * @throws UncheckedIOException when the file cannot be written
     */
    public void write(DirectBuffer frame, int offset, int length, long epochMicros) {
        int captured = Math.min(length, SNAPLEN);
        view.putInt(0, (int) (epochMicros / 1_000_000), ByteOrder.LITTLE_ENDIAN);
        view.putInt(4, (int) (epochMicros % 1_000_000), ByteOrder.LITTLE_ENDIAN);
        view.putInt(8, captured, ByteOrder.LITTLE_ENDIAN);
        view.putInt(12, length, ByteOrder.LITTLE_ENDIAN);
        view.putBytes(16, frame, offset, captured);
        out.limit(16 + captured).position(0);
        try {
            drain();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write capture " + file + ": " + e.getMessage(), e);
        }
        frames++;
    }

    private void drain() throws IOException {
        while (out.hasRemaining()) {
            channel.write(out);
        }
        out.clear();
    }

    /** @return the capture file */
    public Path file() {
        return file;
    }

    /** @return frames written so far */
    public long frames() {
        return frames;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close capture " + file + ": " + e.getMessage(), e);
        }
    }
}
