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

/**
 * VXLAN encapsulation and decapsulation of one frame against copying the same frame (baseline):
 * encapsulation writes the outer Ethernet, IPv4 (with checksum), UDP (entropy source port from the
 * inner flow hash) and VXLAN headers and copies the inner frame behind them, as the host agent does
 * into its transmit buffer; decapsulation checks the outer headers and reads the VNI, as the
 * receive path does before it switches the inner frame. Direct buffers, as the data path uses.
 * Run with {@code -prof gc} to see the allocation rate (expected ~0 B/op).
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

    private final UnsafeBuffer inner = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
    private final PacketParser parser = new PacketParser(new DropCounters(), Wire.MAX_FRAME);
    private final Packet innerPacket = new Packet();
    private final Packet outer = new Packet();
    private final Packet decapped = new Packet();
    /** The outer frame starts here so that the inner frame behind the 50 header bytes is 8-byte aligned. */
    private static final int ALIGN = 6;
    private final VxlanTunnel tunnel = new VxlanTunnel(0x0200_C0A8_6401L, 0x0200_C0A8_6402L, 0xC0A8_6401,
            0xC0A8_6402, 5001);
    private int innerLength;

    /** Builds a UDP frame of {@code size} bytes and parses it once, as the transmit path has. */
    @Setup
    public void setUp() {
        int payload = size - Wire.ETH_HEADER - Wire.IPV4_HEADER - Wire.UDP_HEADER;
        int at = FrameWriter.ethernet(inner, 0, 0x0200_0000_0002L, 0x0200_0000_0001L, Wire.ETHERTYPE_IPV4);
        at = FrameWriter.ipv4(inner, at, Wire.UDP_HEADER + payload, Wire.PROTO_UDP, 64, 1, 0x0A00_0001, 0x0A00_0002);
        at = FrameWriter.udp(inner, at, 40000, 443, payload);
        inner.setMemory(at, payload, (byte) 0x5A);
        innerLength = at + payload;
        if (parser.parse(inner, 0, innerLength, innerPacket) != null || innerLength != size) {
            throw new IllegalStateException("bad test frame");
        }
    }

    /** @return a byte of the copy */
    @Benchmark
    public int baseline() {
        out.putBytes(0, inner, 0, innerLength);
        return out.getByte(innerLength - 1);
    }

    /**
     * The data path's encapsulation and decapsulation: the tunnel's header template written and
     * patched, the frame copied behind it; the receive check of the outer headers (IPv4 checksum
     * verified) and the VNI read.
     *
     * @return the VNI the receiver decoded
     */
    @Benchmark
    public int encapDecap() {
        int len = tunnel.encapsulate(inner, 0, innerLength, out, ALIGN, innerPacket.flowHash());
        return VxlanTunnel.decapsulate(out, ALIGN, len);
    }

    /**
     * As {@link #encapDecap}, plus the receiver's full parse of the inner frame (Ethernet, IPv4
     * with checksum, UDP), which the switching step needs anyway.
     *
     * @return the VNI the receiver decoded
     */
    @Benchmark
    public int encapDecapParseInner() {
        int len = tunnel.encapsulate(inner, 0, innerLength, out, ALIGN, innerPacket.flowHash());
        int vni = VxlanTunnel.decapsulate(out, ALIGN, len);
        parser.parse(out, ALIGN + Wire.VXLAN_OVERHEAD, len - Wire.VXLAN_OVERHEAD, decapped);
        return vni + decapped.dstPort;
    }

    /**
     * The general encapsulator and parser (every header written field by field, the outer and the
     * inner frame fully parsed): the slow path for frames the fast path does not take.
     *
     * @return the VNI the receiver decoded
     */
    @Benchmark
    public int encapDecapGeneral() {
        int len = Encapsulator.vxlan(inner, 0, innerLength, out, 0, 0x0200_C0A8_6401L, 0x0200_C0A8_6402L,
                0xC0A8_6401, 0xC0A8_6402, 5001, innerPacket.flowHash());
        return parser.parseVxlanFrame(out, 0, len, outer, decapped);
    }
}
