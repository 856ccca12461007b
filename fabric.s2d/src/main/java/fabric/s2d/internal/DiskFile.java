package fabric.s2d.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A pool disk backed by a file (sparse) or a block device, with positional I/O. Thread-safe:
 * positional reads and writes on a {@link FileChannel} do not share a position.
 */
final class DiskFile implements Closeable {

    private final Path path;
    private final FileChannel channel;
    private volatile boolean unflushed;

    private DiskFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Opens a disk file, creating it sparse at the given size when it does not exist.
     *
     * @param path the file
     * @param sizeBytes its size
     * @return the disk
     * @throws IOException when it cannot be opened
     */
    static DiskFile open(Path path, long sizeBytes) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        if (ch.size() < sizeBytes) {
            ch.write(ByteBuffer.wrap(new byte[1]), sizeBytes - 1);
        }
        return new DiskFile(path, ch);
    }

    Path path() {
        return path;
    }

    /** Reads exactly {@code len} bytes; bytes past the end of the file read as zeros. */
    void read(long position, byte[] buf, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        long pos = position;
        while (b.hasRemaining()) {
            int n = channel.read(b, pos);
            if (n < 0) {
                while (b.hasRemaining()) {
                    b.put((byte) 0);
                }
                return;
            }
            pos += n;
        }
    }

    void write(long position, byte[] buf, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        long pos = position;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
        unflushed = true;
    }

    /** Forces written bytes to stable storage when any were written since the last force. */
    void force() throws IOException {
        if (unflushed) {
            unflushed = false;
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
