package fabric.s2d.internal.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.storage.BlockDevice;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The NBD protocol as the server speaks it, with good and malformed clients. */
class NbdServerTest {

    NbdServer server;
    final byte[] disk = new byte[1 << 20];
    int flushes;

    /** An in-memory device: enough to test the protocol. */
    final BlockDevice memory = new BlockDevice() {
        public String name() {
            return "mem";
        }

        public long size() {
            return disk.length;
        }

        private void check(long offset, long length) {
            if (offset < 0 || length < 0 || offset > disk.length - length) {
                throw FabricException.invalid("range", "out of range");
            }
        }

        public void read(long offset, ByteBuffer dst) {
            check(offset, dst.remaining());
            dst.put(disk, (int) offset, dst.remaining());
        }

        public void write(long offset, ByteBuffer src, boolean fua) {
            check(offset, src.remaining());
            src.get(disk, (int) offset, src.remaining());
            if (fua) {
                flushes++;
            }
        }

        public void flush() {
            flushes++;
        }

        public void trim(long offset, long length) {
            writeZeroes(offset, length);
        }

        public void writeZeroes(long offset, long length) {
            check(offset, length);
            java.util.Arrays.fill(disk, (int) offset, (int) (offset + length), (byte) 0);
        }
    };

    @BeforeEach
    void start() throws IOException {
        server = new NbdServer(0);
        server.export("mem", memory);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private final class Client implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        Client() throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
            assertEquals(NbdServer.NBDMAGIC, in.readLong());
            assertEquals(NbdServer.IHAVEOPT, in.readLong());
            assertEquals(3, in.readUnsignedShort());
            out.writeInt(3);
        }

        void option(int option, byte[] data) throws IOException {
            out.writeLong(NbdServer.IHAVEOPT);
            out.writeInt(option);
            out.writeInt(data.length);
            out.write(data);
            out.flush();
        }

        /** @return the reply type; its data is skipped */
        int reply(int option) throws IOException {
            assertEquals(NbdServer.REPLY_MAGIC, in.readLong());
            assertEquals(option, in.readInt());
            int type = in.readInt();
            in.readFully(new byte[in.readInt()]);
            return type;
        }

        void go() throws IOException {
            byte[] name = "mem".getBytes(StandardCharsets.UTF_8);
            option(NbdServer.OPT_GO, ByteBuffer.allocate(6 + name.length).putInt(name.length).put(name).putShort((short) 0)
                    .array());
            assertEquals(NbdServer.REP_INFO, reply(NbdServer.OPT_GO));
            assertEquals(NbdServer.REP_ACK, reply(NbdServer.OPT_GO));
        }

        void request(int type, int flags, long handle, long offset, int length, byte[] payload) throws IOException {
            out.writeInt(NbdServer.REQUEST_MAGIC);
            out.writeShort(flags);
            out.writeShort(type);
            out.writeLong(handle);
            out.writeLong(offset);
            out.writeInt(length);
            if (payload != null) {
                out.write(payload);
            }
            out.flush();
        }

        /** @return the error of a simple reply */
        int simpleReply(long handle) throws IOException {
            assertEquals(NbdServer.SIMPLE_REPLY_MAGIC, in.readInt());
            int error = in.readInt();
            assertEquals(handle, in.readLong());
            return error;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void optionsAnswerAsTheProtocolSays() throws IOException {
        try (Client c = new Client()) {
            c.option(NbdServer.OPT_LIST, new byte[0]);
            assertEquals(NbdServer.REP_SERVER, c.reply(NbdServer.OPT_LIST));
            assertEquals(NbdServer.REP_ACK, c.reply(NbdServer.OPT_LIST));
            c.option(8, new byte[0]);
            assertEquals(NbdServer.REP_ERR_UNSUP, c.reply(8));
            c.option(NbdServer.OPT_INFO, ByteBuffer.allocate(9).putInt(3).put("xyz".getBytes()).putShort((short) 0).array());
            assertEquals(NbdServer.REP_ERR_UNKNOWN, c.reply(NbdServer.OPT_INFO));
            c.option(NbdServer.OPT_GO, ByteBuffer.allocate(6).putInt(99).putShort((short) 0).array());
            assertEquals(NbdServer.REP_ERR_INVALID, c.reply(NbdServer.OPT_GO));
            c.option(NbdServer.OPT_ABORT, new byte[0]);
            assertEquals(NbdServer.REP_ACK, c.reply(NbdServer.OPT_ABORT));
            assertEquals(-1, c.in.read(), "the server closes after ABORT");
        }
    }

    @Test
    void commandsReadWriteFlushTrimAndZero() throws IOException {
        try (Client c = new Client()) {
            c.go();
            byte[] data = "hello, fabric".getBytes(StandardCharsets.UTF_8);
            c.request(NbdServer.CMD_WRITE, NbdServer.CMD_FLAG_FUA, 1, 1000, data.length, data);
            assertEquals(0, c.simpleReply(1));
            assertEquals(1, flushes);
            c.request(NbdServer.CMD_READ, 0, 2, 1000, data.length, null);
            assertEquals(0, c.simpleReply(2));
            byte[] back = new byte[data.length];
            c.in.readFully(back);
            assertArrayEquals(data, back);
            c.request(NbdServer.CMD_FLUSH, 0, 3, 0, 0, null);
            assertEquals(0, c.simpleReply(3));
            c.request(NbdServer.CMD_WRITE_ZEROES, 0, 4, 1000, 5, null);
            assertEquals(0, c.simpleReply(4));
            c.request(NbdServer.CMD_TRIM, 0, 5, 1005, 2, null);
            assertEquals(0, c.simpleReply(5));
            assertEquals(0, disk[1006]);
            assertEquals('a', disk[1008]);
            c.request(NbdServer.CMD_DISC, 0, 6, 0, 0, null);
            assertEquals(-1, c.in.read());
        }
    }

    @Test
    void wellFramedBadRequestsGetErrorsAndChangeNothing() throws IOException {
        try (Client c = new Client()) {
            c.go();
            c.request(NbdServer.CMD_READ, 0, 1, disk.length - 1, 2, null);
            assertEquals(NbdServer.EINVAL, c.simpleReply(1));
            c.request(NbdServer.CMD_WRITE, 0, 2, -5, 3, new byte[] {1, 2, 3});
            assertEquals(NbdServer.EINVAL, c.simpleReply(2));
            c.request(9, 0, 3, 0, 0, null);
            assertEquals(NbdServer.EINVAL, c.simpleReply(3));
            c.request(NbdServer.CMD_READ, 0, 4, 0, 64 << 20, null);
            assertEquals(NbdServer.EINVAL, c.simpleReply(4));
            c.request(NbdServer.CMD_READ, 0, 5, 0, 4, null);
            assertEquals(0, c.simpleReply(5));
            c.in.readFully(new byte[4]);
        }
        assertArrayEquals(new byte[disk.length], disk);
    }

    @Test
    void unframeableRequestsEndTheConnectionAndTheServerGoesOn() throws IOException {
        try (Client c = new Client()) {
            c.out.writeLong(0x1234);
            c.out.flush();
            assertEquals(-1, c.in.read(), "bad option magic closes");
        }
        try (Client c = new Client()) {
            c.go();
            c.out.writeInt(0xdeadbeef);
            c.out.write(new byte[24]);
            c.out.flush();
            assertEquals(-1, c.in.read(), "bad request magic closes");
        }
        try (Client c = new Client()) {
            c.go();
            c.request(NbdServer.CMD_WRITE, 0, 1, 0, 64 << 20, null);
            assertEquals(-1, c.in.read(), "a payload over 32 MiB closes");
        }
        try (Client c = new Client()) {
            c.option(NbdServer.OPT_EXPORT_NAME, "nope".getBytes(StandardCharsets.UTF_8));
            assertEquals(-1, c.in.read(), "EXPORT_NAME of an unknown export closes");
        }
        try (Client c = new Client()) {
            c.option(NbdServer.OPT_EXPORT_NAME, "mem".getBytes(StandardCharsets.UTF_8));
            assertEquals(disk.length, c.in.readLong());
            c.in.readUnsignedShort();
            c.request(NbdServer.CMD_FLUSH, 0, 7, 0, 0, null);
            assertEquals(0, c.simpleReply(7));
        }
        assertArrayEquals(new byte[disk.length], disk);
        assertEquals(0, flushes - 1, "only the last client's flush ran");
    }

    @Test
    void aWithdrawnExportAnswersShutdown() throws IOException {
        try (Client c = new Client()) {
            c.go();
            server.unexport("mem");
            c.request(NbdServer.CMD_READ, 0, 1, 0, 4, null);
            assertEquals(NbdServer.ESHUTDOWN, c.simpleReply(1));
        }
        assertEquals(ErrorCode.ALREADY_EXISTS, assertThrows(FabricException.class, () -> {
            server.export("x", memory);
            server.export("x", memory);
        }).code());
    }
}
