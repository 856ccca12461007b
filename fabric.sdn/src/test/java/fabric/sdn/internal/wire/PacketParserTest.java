package fabric.sdn.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class PacketParserTest {

    private final DropCounters drops = new DropCounters();
    private final PacketParser parser = new PacketParser(drops, Wire.MAX_FRAME);
    private final UnsafeBuffer buf = new UnsafeBuffer(new byte[16384]);
    private final Packet p = new Packet();
    private final Packet inner = new Packet();

    @Test
    void arpRequestRoundTrips() {
        int len = TestFrames.arpRequest(buf, 3, TestFrames.MAC_A, TestFrames.IP_A, TestFrames.IP_B);
        assertEquals(42, len);
        assertNull(parser.parse(buf, 3, len, p));
        assertEquals(Wire.ETHERTYPE_ARP, p.etherType);
        assertEquals(Wire.ARP_REQUEST, p.arpOp);
        assertEquals(TestFrames.MAC_A, p.arpSenderMac);
        assertEquals(TestFrames.MAC_A, p.srcMac);
        assertEquals(FrameWriter.BROADCAST, p.dstMac);
        assertEquals(TestFrames.IP_A, p.arpSenderIp);
        assertEquals(TestFrames.IP_B, p.arpTargetIp);
        assertFalse(p.isIpv4());
    }

    @Test
    void icmpEchoRoundTripsWithValidChecksums() {
        int len = TestFrames.icmpEcho(buf, 0, TestFrames.MAC_A, TestFrames.MAC_B, TestFrames.IP_A, TestFrames.IP_B,
                Wire.ICMP_ECHO_REQUEST, 77, 5, 56);
        assertEquals(14 + 20 + 8 + 56, len);
        assertNull(parser.parse(buf, 0, len, p));
        assertEquals(Wire.PROTO_ICMP, p.protocol);
        assertEquals(Wire.ICMP_ECHO_REQUEST, p.icmpType);
        assertEquals(77, p.icmpId);
        assertEquals(5, p.icmpSeq);
        assertEquals(56, p.payloadLength);
        assertEquals(0, Checksum.of(buf, p.l4Offset, p.l4Length), "ICMP checksum verifies");
        // A flipped bit in the IPv4 header is caught by the header checksum.
        buf.putByte(14 + 8, (byte) 63);
        assertEquals(Drop.BAD_IPV4_CHECKSUM, parser.parse(buf, 0, len, p));
        assertEquals(1, drops.get(Drop.BAD_IPV4_CHECKSUM));
    }

    @Test
    void vlanTagCarriesPriority() {
        int len = TestFrames.udp(buf, 0, 5, TestFrames.IP_A, TestFrames.IP_B, 1234, 53, 10);
        assertNull(parser.parse(buf, 0, len, p));
        assertEquals(5, p.pcp);
        assertEquals(10, p.vlanId);
        assertEquals(1234, p.srcPort);
        assertEquals(53, p.dstPort);
        assertEquals(10, p.payloadLength);
    }

    @Test
    void tcpFlagsAndPorts() {
        int len = TestFrames.tcp(buf, 0, TestFrames.IP_A, TestFrames.IP_B, 40000, 443, Wire.TCP_SYN);
        assertNull(parser.parse(buf, 0, len, p));
        assertEquals(Wire.PROTO_TCP, p.protocol);
        assertEquals(40000, p.srcPort);
        assertEquals(443, p.dstPort);
        assertEquals(Wire.TCP_SYN, p.tcpFlags);
    }

    @Test
    void vxlanEncapsulationRoundTrips() {
        UnsafeBuffer innerBuf = new UnsafeBuffer(new byte[2048]);
        int innerLen = TestFrames.icmpEcho(innerBuf, 0, TestFrames.MAC_A, TestFrames.MAC_B, TestFrames.IP_A,
                TestFrames.IP_B, Wire.ICMP_ECHO_REQUEST, 1, 1, 32);
        assertNull(parser.parse(innerBuf, 0, innerLen, inner));
        int hash = inner.flowHash();
        int len = Encapsulator.vxlan(innerBuf, 0, innerLen, buf, 10, 0x0200_0000_0001L, 0x0200_0000_0002L,
                0xC0A8_0001, 0xC0A8_0002, 5001, hash);
        assertEquals(innerLen + Wire.VXLAN_OVERHEAD, len);
        assertEquals(5001, parser.parseVxlanFrame(buf, 10, len, p, inner));
        assertEquals(Wire.PROTO_UDP, p.protocol);
        assertEquals(Wire.VXLAN_PORT, p.dstPort);
        assertEquals(Encapsulator.entropyPort(hash), p.srcPort);
        assertTrue(p.srcPort >= 49152);
        assertEquals(0xC0A8_0002, p.dstIp);
        assertEquals(TestFrames.IP_B, inner.dstIp);
        assertEquals(Wire.ICMP_ECHO_REQUEST, inner.icmpType);
        // The I flag is required.
        buf.putByte(p.payloadOffset, (byte) 0);
        assertEquals(-1, parser.parseVxlanFrame(buf, 10, len, p, inner));
        assertEquals(1, drops.get(Drop.BAD_VXLAN));
    }

    @Test
    void tunnelTemplateWritesExactlyWhatTheGeneralEncapsulatorWrites() {
        UnsafeBuffer innerBuf = new UnsafeBuffer(new byte[2048]);
        UnsafeBuffer general = new UnsafeBuffer(new byte[2048]);
        VxlanTunnel tunnel = new VxlanTunnel(0x0200_0000_0001L, 0x0200_0000_0002L, 0xC0A8_0001, 0xC0A8_0002, 5001);
        for (int payload : new int[] {0, 1, 17, 1400}) {
            int innerLen = TestFrames.udp(innerBuf, 0, -1, TestFrames.IP_A, TestFrames.IP_B, 7, 9, payload);
            int a = tunnel.encapsulate(innerBuf, 0, innerLen, buf, 0, payload * 31);
            int b = Encapsulator.vxlan(innerBuf, 0, innerLen, general, 0, 0x0200_0000_0001L, 0x0200_0000_0002L,
                    0xC0A8_0001, 0xC0A8_0002, 5001, payload * 31);
            assertEquals(b, a);
            for (int i = 0; i < a; i++) {
                assertEquals(general.getByte(i), buf.getByte(i), "byte " + i + " of a " + a + "-byte frame");
            }
            assertEquals(5001, VxlanTunnel.decapsulate(buf, 0, a));
        }
        buf.putByte(14 + 8, (byte) 1);
        assertEquals(-1, VxlanTunnel.decapsulate(buf, 0, 100), "a bad IPv4 checksum leaves the fast path");
        assertEquals(-1, VxlanTunnel.decapsulate(buf, 0, 20));
    }

    @Test
    void theFastPathAcceptsOnlyOuterHeadersTheParserAcceptsWithTheSameVniAndLength() {
        long seed = 0x5EED_7348L;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        UnsafeBuffer innerBuf = new UnsafeBuffer(new byte[2048]);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 200_000; i++) {
            int vni = rnd.nextInt(Wire.MAX_VNI + 1);
            VxlanTunnel tunnel = new VxlanTunnel(rnd.nextLong() & 0xFFFF_FFFF_FFFFL, rnd.nextLong() & 0xFFFF_FFFF_FFFFL,
                    rnd.nextInt(), rnd.nextInt(), vni);
            int innerLen = TestFrames.udp(innerBuf, 0, -1, TestFrames.IP_A, TestFrames.IP_B, 7, 9, rnd.nextInt(1400));
            int off = rnd.nextInt(8);
            int len = tunnel.encapsulate(innerBuf, 0, innerLen, buf, off, rnd.nextInt());
            assertEquals(0, Checksum.of(buf, off + Wire.ETH_HEADER, Wire.IPV4_HEADER), "seed " + seed + ", frame " + i);
            // Damage up to three bytes of the outer headers, or the frame's length, or nothing.
            int damage = rnd.nextInt(5);
            for (int k = 0; k < damage && damage < 4; k++) {
                buf.putByte(off + rnd.nextInt(Wire.VXLAN_OVERHEAD), (byte) rnd.nextInt(256));
            }
            if (damage == 4) {
                len = Math.max(0, len - 1 - rnd.nextInt(len));
            }
            int fast = VxlanTunnel.decapsulate(buf, off, len);
            if (damage == 0) {
                assertEquals(vni, fast, "seed " + seed + ", frame " + i);
            }
            if (fast >= 0) {
                accepted++;
                // The outer headers as the full parser reads them (the inner frame is the receive path's to parse).
                String where = "seed " + seed + ", frame " + i;
                assertNull(parser.parse(buf, off, len, p), where);
                assertEquals(Wire.PROTO_UDP, p.protocol, where);
                assertEquals(Wire.VXLAN_PORT, p.dstPort, where);
                assertEquals(fast, buf.getInt(p.payloadOffset + 4, ByteOrder.BIG_ENDIAN) >>> 8, where);
                assertEquals(p.payloadLength - Wire.VXLAN_HEADER, VxlanTunnel.innerLength(VxlanTunnel.check(buf, off, len)),
                        where);
                assertEquals(off + Wire.VXLAN_OVERHEAD, p.payloadOffset + Wire.VXLAN_HEADER, where);
            } else {
                refused++;
            }
        }
        assertTrue(accepted > 40_000 && refused > 40_000, accepted + " accepted, " + refused + " refused");
    }

    @Test
    void nvgreEncapsulationRoundTrips() {
        UnsafeBuffer innerBuf = new UnsafeBuffer(new byte[2048]);
        int innerLen = TestFrames.udp(innerBuf, 0, -1, TestFrames.IP_A, TestFrames.IP_B, 7, 9, 100);
        int len = Encapsulator.nvgre(innerBuf, 0, innerLen, buf, 0, 1, 2, 0x0A01_0101, 0x0A01_0102, 0xABCDEF, 0x37);
        assertEquals(innerLen + Wire.NVGRE_OVERHEAD, len);
        assertEquals(0xABCDEF, parser.parseNvgreFrame(buf, 0, len, p, inner));
        assertEquals(Wire.PROTO_GRE, p.protocol);
        assertEquals(0x37, buf.getByte(p.l4Offset + 7) & 0xFF, "FlowID is the low byte of the key");
        assertEquals(9, inner.dstPort);
        buf.putShort(p.l4Offset + 2, (short) 0x0800, ByteOrder.BIG_ENDIAN);
        assertEquals(-1, parser.parseNvgreFrame(buf, 0, len, p, inner));
        assertEquals(1, drops.get(Drop.BAD_NVGRE));
    }

    @Test
    void truncatedOversizedAndOutOfBufferFramesAreCountedNotThrown() {
        int len = TestFrames.tcp(buf, 0, TestFrames.IP_A, TestFrames.IP_B, 1, 2, 0);
        assertEquals(Drop.TRUNCATED_ETHERNET, parser.parse(buf, 0, 13, p));
        assertEquals(Drop.TRUNCATED_IPV4, parser.parse(buf, 0, 14 + 19, p));
        assertEquals(Drop.BAD_IPV4_LENGTH, parser.parse(buf, 0, len - 1, p));
        assertEquals(Drop.OVERSIZED, parser.parse(buf, 0, Wire.MAX_FRAME + 1, p));
        assertEquals(Drop.TRUNCATED_ETHERNET, parser.parse(buf, buf.capacity() - 10, 60, p));
        assertEquals(Drop.TRUNCATED_ETHERNET, parser.parse(buf, -1, 60, p));
        assertEquals(6, drops.total(), "every drop counted");
    }
}
