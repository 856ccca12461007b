package fabric.bench.network;

import fabric.sdn.internal.wire.DropCounters;
import fabric.sdn.internal.wire.Encapsulator;
import fabric.sdn.internal.wire.FrameWriter;
import fabric.sdn.internal.wire.Packet;
import fabric.sdn.internal.wire.PacketParser;
import fabric.sdn.internal.wire.VxlanTunnel;
import fabric.sdn.internal.wire.Wire;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * VXLAN encapsulation and decapsulation of one frame against copying the same frame (baseline),
 * as a host's data path does them. Transmit: a frame a vPort sent with its headroom
 * ({@code VPort.sendWithHeadroom}, as the fabric's guest endpoints send) is encapsulated where it
 * lies: the outer Ethernet, IPv4 with checksum, UDP with the entropy source port from the inner
 * flow hash, and VXLAN headers go into the headroom in front of it ({@link #encapDecap}); a frame
 * sent without headroom is copied behind the headers into the transmit buffer
 * ({@link #encapCopyDecap}). Receive: the outer headers of a frame that arrived in the receive
 * buffer are checked (IPv4 checksum verified), its VNI and inner length read, the inner frame
 * left in place for the switching step. The baseline copies the same frame into the same place of
 * the transmit buffer. Every result goes to a {@link Blackhole}. Direct buffers (as the data
 * path uses) and heap buffers, for comparison. Run with {@code -prof gc} to see the allocation
 * rate (expected ~0 B/op).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
@State(Scope.Thread)
public class VxlanBenchmark {

    /** The inner frame's length in bytes. */
    @Param({"64", "1500"})
    public int size;

    /** Where the frames live: {@code direct} (off-heap, as the data path's buffers) or {@code heap} (byte arrays). */
    @Param({"direct", "heap"})
    public String buffers;

    private UnsafeBuffer inner;
    private UnsafeBuffer tx;
    private UnsafeBuffer rx;
    private final PacketParser parser = new PacketParser(new DropCounters(), Wire.MAX_FRAME);
    private final Packet innerPacket = new Packet();
    private final Packet outer = new Packet();
    private final Packet decapped = new Packet();
    /** The outer frame starts here so that the inner frame behind the 50 header bytes is 8-byte aligned. */
    private static final int ALIGN = 6;
    private final VxlanTunnel tunnel = new VxlanTunnel(0x0200_C0A8_6401L, 0x0200_C0A8_6402L, 0xC0A8_6401,
            0xC0A8_6402, 5001);
    private int innerLength;
    private int rxLength;

    /**
     * Builds a UDP frame of {@code size} bytes and parses it once, as the transmit path has; puts
     * its encapsulation in the receive buffer, as the underlay delivers it.
     */
    @Setup
    public void setUp() {
        boolean direct = buffers.equals("direct");
        inner = new UnsafeBuffer(direct ? ByteBuffer.allocateDirect(2048) : ByteBuffer.allocate(2048));
        tx = new UnsafeBuffer(direct ? ByteBuffer.allocateDirect(2048) : ByteBuffer.allocate(2048));
        rx = new UnsafeBuffer(direct ? ByteBuffer.allocateDirect(2048) : ByteBuffer.allocate(2048));
        int payload = size - Wire.ETH_HEADER - Wire.IPV4_HEADER - Wire.UDP_HEADER;
        int at = FrameWriter.ethernet(inner, 0, 0x0200_0000_0002L, 0x0200_0000_0001L, Wire.ETHERTYPE_IPV4);
        at = FrameWriter.ipv4(inner, at, Wire.UDP_HEADER + payload, Wire.PROTO_UDP, 64, 1, 0x0A00_0001, 0x0A00_0002);
        at = FrameWriter.udp(inner, at, 40000, 443, payload);
        inner.setMemory(at, payload, (byte) 0x5A);
        innerLength = at + payload;
        if (parser.parse(inner, 0, innerLength, innerPacket) != null || innerLength != size) {
            throw new IllegalStateException("bad test frame");
        }
        rxLength = tunnel.encapsulate(inner, 0, innerLength, rx, ALIGN, innerPacket.hash);
        // The frame to send, behind its headroom in the transmit buffer (encapsulation in place).
        tx.putBytes(ALIGN + Wire.VXLAN_OVERHEAD, inner, 0, innerLength);
        if (VxlanTunnel.decapsulate(rx, ALIGN, rxLength) != 5001
                || VxlanTunnel.innerLength(VxlanTunnel.check(rx, ALIGN, rxLength)) != innerLength) {
            throw new IllegalStateException("the fast path refuses its own frame");
        }
    }

    /**
     * Copies the frame to where the encapsulation puts it.
     *
     * @param bh consumes the copy's last byte
     */
    @Benchmark
    public void baseline(Blackhole bh) {
        tx.putBytes(ALIGN + Wire.VXLAN_OVERHEAD, inner, 0, innerLength);
        bh.consume(tx.getByte(ALIGN + Wire.VXLAN_OVERHEAD + innerLength - 1));
    }

    /**
     * The data path's encapsulation on transmit of a frame sent with its headroom (the tunnel's
     * header words patched and written in front of the frame, which does not move) and
     * decapsulation on receive (outer headers checked, IPv4 checksum verified, VNI and inner length
     * read).
     *
     * @param bh consumes the outer length, the VNI and the inner length
     */
    @Benchmark
    public void encapDecap(Blackhole bh) {
        bh.consume(tunnel.encapsulateInPlace(tx, ALIGN + Wire.VXLAN_OVERHEAD, innerLength, innerPacket.hash));
        long checked = VxlanTunnel.check(rx, ALIGN, rxLength);
        bh.consume(VxlanTunnel.vni(checked));
        bh.consume(VxlanTunnel.innerLength(checked));
    }

    /**
     * As {@link #encapDecap} for a frame sent without headroom: the header words written and the
     * frame copied behind them.
     *
     * @param bh consumes the outer length, the VNI and the inner length
     */
    @Benchmark
    public void encapCopyDecap(Blackhole bh) {
        bh.consume(tunnel.encapsulate(inner, 0, innerLength, tx, ALIGN, innerPacket.hash));
        long checked = VxlanTunnel.check(rx, ALIGN, rxLength);
        bh.consume(VxlanTunnel.vni(checked));
        bh.consume(VxlanTunnel.innerLength(checked));
    }

    /**
     * As {@link #encapDecap}, but decapsulating the frame just encapsulated: the receive check reads
     * the header words the transmit stores have only just written (a read-after-write the real
     * path, where transmit and receive buffers differ, does not have).
     *
     * @param bh consumes the VNI and the inner length
     */
    @Benchmark
    public void encapDecapSameBuffer(Blackhole bh) {
        int len = tunnel.encapsulateInPlace(tx, ALIGN + Wire.VXLAN_OVERHEAD, innerLength, innerPacket.hash);
        long checked = VxlanTunnel.check(tx, ALIGN, len);
        bh.consume(VxlanTunnel.vni(checked));
        bh.consume(VxlanTunnel.innerLength(checked));
    }

    /**
     * As {@link #encapDecap}, plus the receiver's full parse of the inner frame (Ethernet, IPv4
     * with checksum, UDP), which the switching step needs anyway.
     *
     * @param bh consumes the VNI and the inner destination port
     */
    @Benchmark
    public void encapDecapParseInner(Blackhole bh) {
        bh.consume(tunnel.encapsulateInPlace(tx, ALIGN + Wire.VXLAN_OVERHEAD, innerLength, innerPacket.hash));
        long checked = VxlanTunnel.check(rx, ALIGN, rxLength);
        bh.consume(VxlanTunnel.vni(checked));
        parser.parse(rx, ALIGN + Wire.VXLAN_OVERHEAD, VxlanTunnel.innerLength(checked), decapped);
        bh.consume(decapped.dstPort);
    }

    /**
     * The general encapsulator and parser (every header written field by field, the outer and the
     * inner frame fully parsed): the slow path for frames the fast path does not take.
     *
     * @param bh consumes the VNI
     */
    @Benchmark
    public void encapDecapGeneral(Blackhole bh) {
        bh.consume(Encapsulator.vxlan(inner, 0, innerLength, tx, 0, 0x0200_C0A8_6401L, 0x0200_C0A8_6402L,
                0xC0A8_6401, 0xC0A8_6402, 5001, innerPacket.hash));
        bh.consume(parser.parseVxlanFrame(rx, ALIGN, rxLength, outer, decapped));
    }
}
