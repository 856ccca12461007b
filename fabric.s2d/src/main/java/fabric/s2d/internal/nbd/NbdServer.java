package fabric.s2d.internal.nbd;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.storage.BlockDevice;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An NBD server (the newstyle fixed handshake of the NBD protocol) on the loopback address,
 * serving {@link BlockDevice}s by export name. Options: {@code EXPORT_NAME}, {@code ABORT},
 * {@code LIST}, {@code INFO}, {@code GO}; others are answered {@code NBD_REP_ERR_UNSUP}. Commands:
 * {@code READ}, {@code WRITE} (with {@code FUA}), {@code DISC}, {@code FLUSH}, {@code TRIM},
 * {@code WRITE_ZEROES}; simple replies only. A request the protocol cannot frame (bad magic, a
 * payload over 32 MiB) ends the connection; a well-framed bad request gets an NBD error. One thread
 * per connection.
 */
public final class NbdServer implements Closeable {

    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454F5054L;
    static final long REPLY_MAGIC = 0x0003e889045565a9L;
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;

    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 2;

    static final int OPT_EXPORT_NAME = 1;
    static final int OPT_ABORT = 2;
    static final int OPT_LIST = 3;
    static final int OPT_INFO = 6;
    static final int OPT_GO = 7;

    static final int REP_ACK = 1;
    static final int REP_SERVER = 2;
    static final int REP_INFO = 3;
    static final int REP_ERR_UNSUP = 0x80000001;
    static final int REP_ERR_INVALID = 0x80000003;
    static final int REP_ERR_UNKNOWN = 0x80000006;

    static final int INFO_EXPORT = 0;
    static final int INFO_BLOCK_SIZE = 3;

    static final int TX_HAS_FLAGS = 1;
    static final int TX_SEND_FLUSH = 4;
    static final int TX_SEND_FUA = 8;
    static final int TX_SEND_TRIM = 32;
    static final int TX_SEND_WRITE_ZEROES = 64;
    static final int TX_CAN_MULTI_CONN = 256;

    static final int CMD_READ = 0;
    static final int CMD_WRITE = 1;
    static final int CMD_DISC = 2;
    static final int CMD_FLUSH = 3;
    static final int CMD_TRIM = 4;
    static final int CMD_WRITE_ZEROES = 6;
    static final int CMD_FLAG_FUA = 1;

    static final int EIO = 5;
    static final int EINVAL = 22;
    static final int ESHUTDOWN = 108;

    /** The largest payload of a request or option. */
    static final int MAX_PAYLOAD = 32 << 20;

    private final ServerSocket server;
    private final Map<String, BlockDevice> exports = new ConcurrentHashMap<>();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Starts a server on the loopback address.
     *
     * @param port the TCP port; 0 for any free one
     * @throws IOException when the port cannot be bound
     */
    public NbdServer(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        acceptor = new Thread(this::acceptLoop, "fabric-nbd-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the bound port */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * @param name the export name clients ask for
     * @param device the device
     * @throws FabricException {@code ALREADY_EXISTS}
     */
    public void export(String name, BlockDevice device) {
        if (exports.putIfAbsent(name, device) != null) {
            throw new FabricException(ErrorCode.ALREADY_EXISTS, "export '" + name + "' already exists");
        }
    }

    /**
     * @param name an export name
     * @return whether it was exported
     */
    public boolean unexport(String name) {
        return exports.remove(name) != null;
    }

    /** @return the export names */
    public List<String> exports() {
        return exports.keySet().stream().sorted().toList();
    }

    /** @return requests served since start */
    public long requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "fabric-nbd-client-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            String name = handshake(in, out);
            if (name != null) {
                transmission(name, in, out);
            }
        } catch (IOException | RuntimeException e) {
            // a broken or malformed connection ends here; the server and the volumes are untouched
        } finally {
            clients.remove(socket);
        }
    }

    /** @return the export chosen, or {@code null} when the negotiation ended without one */
    private String handshake(DataInputStream in, DataOutputStream out) throws IOException {
        out.writeLong(NBDMAGIC);
        out.writeLong(IHAVEOPT);
        out.writeShort(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES);
        out.flush();
        int clientFlags = in.readInt();
        if ((clientFlags & ~(FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES)) != 0) {
            return null;
        }
        boolean noZeroes = (clientFlags & FLAG_NO_ZEROES) != 0;
        while (true) {
            if (in.readLong() != IHAVEOPT) {
                return null;
            }
            int option = in.readInt();
            int length = in.readInt();
            if (length < 0 || length > 65_536) {
                return null;
            }
            byte[] data = new byte[length];
            in.readFully(data);
            ByteBuffer b = ByteBuffer.wrap(data);
            switch (option) {
                case OPT_EXPORT_NAME -> {
                    String name = new String(data, StandardCharsets.UTF_8);
                    BlockDevice d = exports.get(name);
                    if (d == null) {
                        return null;
                    }
                    out.writeLong(d.size());
                    out.writeShort(transmissionFlags());
                    if (!noZeroes) {
                        out.write(new byte[124]);
                    }
                    out.flush();
                    return name;
                }
                case OPT_ABORT -> {
                    reply(out, option, REP_ACK, new byte[0]);
                    return null;
                }
                case OPT_LIST -> {
                    if (length != 0) {
                        reply(out, option, REP_ERR_INVALID, "LIST takes no data");
                        continue;
                    }
                    for (String name : exports()) {
                        byte[] n = name.getBytes(StandardCharsets.UTF_8);
                        reply(out, option, REP_SERVER, ByteBuffer.allocate(4 + n.length).putInt(n.length).put(n).array());
                    }
                    reply(out, option, REP_ACK, new byte[0]);
                }
                case OPT_INFO, OPT_GO -> {
                    String name = infoOrGo(out, option, b, length);
                    if (name != null && option == OPT_GO) {
                        return name;
                    }
                }
                default -> reply(out, option, REP_ERR_UNSUP, "option " + option + " is not supported");
            }
        }
    }

    private String infoOrGo(DataOutputStream out, int option, ByteBuffer b, int length) throws IOException {
        if (length < 6) {
            reply(out, option, REP_ERR_INVALID, "INFO/GO data too short");
            return null;
        }
        int nameLength = b.getInt();
        if (nameLength < 0 || nameLength > length - 6) {
            reply(out, option, REP_ERR_INVALID, "bad export name length");
            return null;
        }
        byte[] name = new byte[nameLength];
        b.get(name);
        int requests = b.getShort() & 0xffff;
        if (b.remaining() != requests * 2) {
            reply(out, option, REP_ERR_INVALID, "bad information request count");
            return null;
        }
        boolean blockSize = false;
        for (int i = 0; i < requests; i++) {
            blockSize |= b.getShort() == INFO_BLOCK_SIZE;
        }
        String exportName = new String(name, StandardCharsets.UTF_8);
        BlockDevice d = exports.get(exportName);
        if (d == null) {
            reply(out, option, REP_ERR_UNKNOWN, "no export named '" + exportName + "'");
            return null;
        }
        reply(out, option, REP_INFO, ByteBuffer.allocate(12).putShort((short) INFO_EXPORT).putLong(d.size())
                .putShort((short) transmissionFlags()).array());
        if (blockSize) {
            reply(out, option, REP_INFO, ByteBuffer.allocate(14).putShort((short) INFO_BLOCK_SIZE).putInt(1)
                    .putInt(4096).putInt(MAX_PAYLOAD).array());
        }
        reply(out, option, REP_ACK, new byte[0]);
        return exportName;
    }

    private static int transmissionFlags() {
        return TX_HAS_FLAGS | TX_SEND_FLUSH | TX_SEND_FUA | TX_SEND_TRIM | TX_SEND_WRITE_ZEROES | TX_CAN_MULTI_CONN;
    }

    private static void reply(DataOutputStream out, int option, int type, String message) throws IOException {
        reply(out, option, type, message.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(DataOutputStream out, int option, int type, byte[] data) throws IOException {
        out.writeLong(REPLY_MAGIC);
        out.writeInt(option);
        out.writeInt(type);
        out.writeInt(data.length);
        out.write(data);
        out.flush();
    }

    private void transmission(String name, DataInputStream in, DataOutputStream out) throws IOException {
        BlockDevice device = exports.get(name);
        byte[] buf = new byte[1 << 20];
        while (true) {
            int magic;
            try {
                magic = in.readInt();
            } catch (EOFException e) {
                return;
            }
            if (magic != REQUEST_MAGIC) {
                return;
            }
            int flags = in.readUnsignedShort();
            int type = in.readUnsignedShort();
            long handle = in.readLong();
            long offset = in.readLong();
            long length = in.readInt() & 0xffffffffL;
            requests.incrementAndGet();
            if (type == CMD_WRITE) {
                if (length > MAX_PAYLOAD) {
                    return;
                }
                if (buf.length < length) {
                    buf = new byte[(int) length];
                }
                in.readFully(buf, 0, (int) length);
            }
            int error = 0;
            try {
                if (exports.get(name) != device) {
                    throw new FabricException(ErrorCode.UNAVAILABLE, "export " + name + " was withdrawn");
                }
                switch (type) {
                    case CMD_READ -> {
                        if (length > MAX_PAYLOAD) {
                            error = EINVAL;
                            break;
                        }
                        if (buf.length < length) {
                            buf = new byte[(int) length];
                        }
                        device.read(offset, ByteBuffer.wrap(buf, 0, (int) length));
                    }
                    case CMD_WRITE -> device.write(offset, ByteBuffer.wrap(buf, 0, (int) length),
                            (flags & CMD_FLAG_FUA) != 0);
                    case CMD_DISC -> {
                        return;
                    }
                    case CMD_FLUSH -> device.flush();
                    case CMD_TRIM -> {
                        device.trim(offset, length);
                        if ((flags & CMD_FLAG_FUA) != 0) {
                            device.flush();
                        }
                    }
                    case CMD_WRITE_ZEROES -> {
                        device.writeZeroes(offset, length);
                        if ((flags & CMD_FLAG_FUA) != 0) {
                            device.flush();
                        }
                    }
                    default -> error = EINVAL;
                }
            } catch (FabricException e) {
                error = e.code() == ErrorCode.INVALID_ARGUMENT ? EINVAL : e.code() == ErrorCode.UNAVAILABLE
                        && e.getMessage().endsWith("withdrawn") ? ESHUTDOWN : EIO;
            } catch (RuntimeException e) {
                error = EIO;
            }
            out.writeInt(SIMPLE_REPLY_MAGIC);
            out.writeInt(error);
            out.writeLong(handle);
            if (type == CMD_READ && error == 0) {
                out.write(buf, 0, (int) length);
            }
            out.flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
        for (Socket s : clients) {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
