package fabric.sdn.internal.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.NodeId;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.underlay.SimulatedUnderlay;
import fabric.sdn.internal.wire.Packet;
import fabric.sdn.internal.wire.DropCounters;
import fabric.sdn.internal.wire.PacketParser;
import fabric.sdn.internal.wire.TestFrames;
import fabric.sdn.internal.wire.VxlanTunnel;
import fabric.sdn.internal.wire.Wire;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Encapsulation in place (a frame sent with its headroom) puts the same bytes on the wire as
 * encapsulation by copy, leaves the frame's own bytes alone, and is used only where the sender
 * gave the headroom.
 */
class InPlaceEncapsulationTest {

    private static final MacAddress MAC1 = new MacAddress(0x02_0A_00_00_00_01L);
    private static final MacAddress MAC2 = new MacAddress(0x02_0A_00_00_00_02L);
    private final long[] now = {0};
    private SimulatedUnderlay underlay;
    private OverlayFabric fabric;
    private VPort sender;
    private final List<byte[]> received = new ArrayList<>();
    private final List<byte[]> wire = new ArrayList<>();

    @BeforeEach
    void setUp() {
        underlay = new SimulatedUnderlay(() -> now[0], 3);
        NodeId n1 = NodeId.of("node-1");
        NodeId n2 = NodeId.of("node-2");
        fabric = new OverlayFabric(List.of(n1, n2), Ipv4Prefix.parse("192.168.100.0/24"), underlay, Clock.systemUTC());
        fabric.create(new VirtualNetworkSpec("a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24")), Encapsulation.VXLAN));
        sender = fabric.attach(new VPortSpec("p1", n1, "a", MAC1, new Ipv4Address(0x0A00_0001)), f -> { });
        fabric.attach(new VPortSpec("p2", n2, "a", MAC2, new Ipv4Address(0x0A00_0002)), f -> {
            byte[] b = new byte[f.remaining()];
            f.duplicate().get(b);
            received.add(b);
        });
    }

    @AfterEach
    void tearDown() {
        fabric.close();
    }

    @Test
    void inPlaceAndCopiedEncapsulationWriteTheSameBytes() {
        Random r = new Random(11);
        VxlanTunnel tunnel = new VxlanTunnel(0x0200_C0A8_6401L, 0x0200_C0A8_6402L, 0xC0A8_6401, 0xC0A8_6402, 5001);
        PacketParser parser = new PacketParser(new DropCounters(), Wire.MAX_FRAME);
        for (int i = 0; i < 200; i++) {
            UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
            int len = TestFrames.icmpEcho(frame, VPort.HEADROOM, r.nextLong() & 0xFFFF_FFFF_FFFFL,
                    r.nextLong() & 0xFFFF_FFFF_FFFFL, r.nextInt(), r.nextInt(), Wire.ICMP_ECHO_REQUEST, r.nextInt(65536),
                    r.nextInt(65536), r.nextInt(1400));
            Packet p = new Packet();
            assertEquals(null, parser.parse(frame, VPort.HEADROOM, len, p));
            UnsafeBuffer copied = new UnsafeBuffer(new byte[2048]);
            int copyLen = tunnel.encapsulate(frame, VPort.HEADROOM, len, copied, 0, p.flowHash());
            int inPlaceLen = tunnel.encapsulateInPlace(frame, VPort.HEADROOM, len, p.flowHash());
            assertEquals(copyLen, inPlaceLen);
            byte[] a = new byte[copyLen];
            byte[] b = new byte[copyLen];
            copied.getBytes(0, a);
            frame.getBytes(VPort.HEADROOM - Wire.VXLAN_OVERHEAD, b);
            assertArrayEquals(a, b, "frame " + i);
        }
    }

    @Test
    void aFrameSentWithHeadroomArrivesWhileItsOwnBytesStayAsTheyWere() {
        ByteBuffer buf = ByteBuffer.allocateDirect(VPort.HEADROOM + 256);
        UnsafeBuffer view = new UnsafeBuffer(buf);
        view.setMemory(0, VPort.HEADROOM, (byte) 0x77);
        int len = TestFrames.icmpEcho(view, VPort.HEADROOM, MAC1.value(), MAC2.value(), 0x0A00_0001, 0x0A00_0002,
                Wire.ICMP_ECHO_REQUEST, 9, 1, 56);
        byte[] frame = new byte[len];
        view.getBytes(VPort.HEADROOM, frame);
        buf.limit(VPort.HEADROOM + len).position(VPort.HEADROOM);

        assertTrue(sender.sendWithHeadroom(buf));
        assertEquals(VPort.HEADROOM, buf.position(), "the position is not moved");
        byte[] after = new byte[len];
        view.getBytes(VPort.HEADROOM, after);
        assertArrayEquals(frame, after, "the frame's own bytes are unchanged");
        assertTrue(view.getByte(VPort.HEADROOM - 1) != 0x77, "the headers went into the headroom");
        deliver();
        assertEquals(1, received.size());
        assertArrayEquals(frame, received.get(0));
    }

    @Test
    void withoutHeadroomOrByPlainSendTheBytesInFrontAreNotTouched() {
        for (int position : new int[] {0, 10, VPort.HEADROOM - 1, VPort.HEADROOM}) {
            for (boolean withHeadroom : new boolean[] {true, false}) {
                if (withHeadroom && position == VPort.HEADROOM) {
                    continue;
                }
                ByteBuffer buf = ByteBuffer.allocate(VPort.HEADROOM + 256);
                UnsafeBuffer view = new UnsafeBuffer(buf);
                view.setMemory(0, position, (byte) 0x77);
                int len = TestFrames.icmpEcho(view, position, MAC1.value(), MAC2.value(), 0x0A00_0001, 0x0A00_0002,
                        Wire.ICMP_ECHO_REQUEST, 9, position, 56);
                buf.limit(position + len).position(position);
                assertTrue(withHeadroom ? sender.sendWithHeadroom(buf) : sender.send(buf));
                for (int i = 0; i < position; i++) {
                    assertEquals(0x77, view.getByte(i), "byte " + i + " in front of a frame at " + position);
                }
            }
        }
        // A read-only buffer with headroom is copied too.
        ByteBuffer buf = ByteBuffer.allocate(VPort.HEADROOM + 256);
        UnsafeBuffer view = new UnsafeBuffer(buf);
        int len = TestFrames.icmpEcho(view, VPort.HEADROOM, MAC1.value(), MAC2.value(), 0x0A00_0001, 0x0A00_0002,
                Wire.ICMP_ECHO_REQUEST, 9, 99, 56);
        buf.limit(VPort.HEADROOM + len).position(VPort.HEADROOM);
        assertTrue(sender.sendWithHeadroom(buf.asReadOnlyBuffer()));
        for (int i = 0; i < VPort.HEADROOM; i++) {
            assertEquals(0, buf.get(i), "byte " + i + " of a read-only buffer");
        }
        deliver();
        assertEquals(8, received.size(), "every frame arrived, drops " + fabric.drops());
    }

    private void deliver() {
        while (underlay.inFlight() > 0) {
            now[0] += 50_000;
            fabric.poll();
        }
    }
}
