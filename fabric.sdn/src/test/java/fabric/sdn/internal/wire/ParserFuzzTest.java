package fabric.sdn.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Feeds 10^6 random and mutated frames through every parser entry point. Agrona's bounds checks are
 * on, so a read past the frame's buffer throws and fails the test; every rejected frame must be
 * counted exactly once.
 */
class ParserFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 0x5EED_F00DL);
    private static final int FRAMES = 1_000_000;

    @Test
    void everyParserSurvivesAMillionRandomAndMutatedFrames() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        DropCounters drops = new DropCounters();
        PacketParser parser = new PacketParser(drops, 1600);
        // The host agents' parser: jumbo frames, as the fast path accepts them.
        PacketParser jumbo = new PacketParser(new DropCounters(), Wire.MAX_FRAME);
        // The frame sits at the end of the buffer, so any over-read leaves the buffer and throws.
        byte[] bytes = new byte[Wire.MAX_FRAME + 64];
        UnsafeBuffer buf = new UnsafeBuffer(bytes);
        UnsafeBuffer scratch = new UnsafeBuffer(new byte[Wire.MAX_FRAME]);
        Packet outer = new Packet();
        Packet inner = new Packet();
        long rejected = 0;
        long accepted = 0;
        long innerAccepted = 0;
        try {
            for (int i = 0; i < FRAMES; i++) {
                int len = template(rnd, scratch);
                len = mutate(rnd, scratch, len);
                int off = bytes.length - len;
                buf.putBytes(off, scratch, 0, len);
                long before = drops.total();
                long expected = before;
                int entry = i & 3;
                if (entry == 0) {
                    Drop d = parser.parse(buf, off, len, outer);
                    if (d != null) {
                        expected++;
                    } else {
                        accepted++;
                        checkConsistent(outer, off, len);
                    }
                } else if (entry == 1) {
                    if (parser.parseVxlanFrame(buf, off, len, outer, inner) >= 0) {
                        innerAccepted++;
                        checkConsistent(inner, inner.frameOffset, inner.frameLength);
                    } else {
                        expected++;
                    }
                } else if (entry == 2) {
                    if (parser.parseNvgreFrame(buf, off, len, outer, inner) >= 0) {
                        innerAccepted++;
                    } else {
                        expected++;
                    }
                } else {
                    if (parser.parseVxlanPayload(buf, off, len, inner) >= 0) {
                        innerAccepted++;
                    } else {
                        expected++;
                    }
                    // The fast path never throws either; what it accepts the full parser accepts.
                    int fast = VxlanTunnel.decapsulate(buf, off, len);
                    if (fast >= 0) {
                        // What the fast path accepts, the full parser accepts as VXLAN with the same VNI.
                        assertEquals(null, jumbo.parse(buf, off, len, outer), "frame " + i + " (seed " + SEED + ")");
                        assertEquals(Wire.PROTO_UDP, outer.protocol);
                        assertEquals(Wire.VXLAN_PORT, outer.dstPort);
                        assertEquals(fast, buf.getInt(outer.payloadOffset + 4, java.nio.ByteOrder.BIG_ENDIAN) >>> 8);
                    }
                }
                if (expected != before) {
                    rejected++;
                }
                assertEquals(expected, drops.total(), "a rejection counts exactly one drop (seed " + SEED + ", frame " + i + ")");
            }
        } catch (RuntimeException e) {
            throw new AssertionError("parser threw (seed " + SEED + ")", e);
        }
        assertEquals(FRAMES, rejected + accepted + innerAccepted);
        assertTrue(rejected > FRAMES / 10, "mutations are rejected: " + rejected);
        assertTrue(accepted > FRAMES / 20, "valid frames still pass: " + accepted);
        assertTrue(innerAccepted > FRAMES / 50, "encapsulated frames still pass: " + innerAccepted);
    }

    private static void checkConsistent(Packet p, int off, int len) {
        int end = off + len;
        assertTrue(p.l3Offset <= end);
        if (p.isIpv4()) {
            assertTrue(p.l4Offset + p.l4Length <= end, "transport within the frame");
            assertTrue(p.payloadOffset + p.payloadLength <= end || p.payloadLength == 0, "payload within the frame");
        }
    }

    /** A valid frame of a random kind, or random bytes. */
    private static int template(SplittableRandom rnd, UnsafeBuffer b) {
        int ip1 = rnd.nextInt();
        int ip2 = rnd.nextInt();
        switch (rnd.nextInt(8)) {
            case 0:
                return TestFrames.arpRequest(b, 0, rnd.nextLong() & 0xFFFF_FFFF_FFFFL, ip1, ip2);
            case 1:
                return TestFrames.icmpEcho(b, 0, 1, 2, ip1, ip2, Wire.ICMP_ECHO_REQUEST, rnd.nextInt(65536),
                        rnd.nextInt(65536), rnd.nextInt(200));
            case 2:
                return TestFrames.udp(b, 0, rnd.nextInt(-1, 8), ip1, ip2, rnd.nextInt(65536), rnd.nextInt(65536),
                        rnd.nextInt(300));
            case 3:
                return TestFrames.tcp(b, 0, ip1, ip2, rnd.nextInt(65536), rnd.nextInt(65536), rnd.nextInt(256));
            case 4:
            case 5: {
                UnsafeBuffer in = new UnsafeBuffer(new byte[600]);
                int innerLen = rnd.nextBoolean()
                        ? TestFrames.icmpEcho(in, 0, 1, 2, ip1, ip2, Wire.ICMP_ECHO_REQUEST, 1, 2, rnd.nextInt(100))
                        : TestFrames.tcp(in, 0, ip1, ip2, 1, 2, Wire.TCP_ACK);
                if (rnd.nextBoolean()) {
                    return Encapsulator.vxlan(in, 0, innerLen, b, 0, 3, 4, ip1, ip2, rnd.nextInt(1 << 24), ip1);
                }
                return Encapsulator.nvgre(in, 0, innerLen, b, 0, 3, 4, ip1, ip2, rnd.nextInt(1 << 24), ip2);
            }
            case 6: {
                UnsafeBuffer in = new UnsafeBuffer(new byte[600]);
                int innerLen = TestFrames.arpRequest(in, 0, 5, ip1, ip2);
                return Encapsulator.vxlanPayload(in, 0, innerLen, b, 0, rnd.nextInt(1 << 24));
            }
            default: {
                int len = rnd.nextInt(2000);
                for (int i = 0; i < len; i++) {
                    b.putByte(i, (byte) rnd.nextInt(256));
                }
                return len;
            }
        }
    }

    /** Flips bytes, truncates, extends or leaves the frame as it is. */
    private static int mutate(SplittableRandom rnd, UnsafeBuffer b, int len) {
        int kind = rnd.nextInt(5);
        if (kind == 0 || len == 0) {
            return len;
        }
        if (kind == 1) {
            return rnd.nextInt(len + 1);
        }
        if (kind == 2) {
            int more = rnd.nextInt(1, 1800);
            int newLen = Math.min(len + more, b.capacity());
            for (int i = len; i < newLen; i++) {
                b.putByte(i, (byte) rnd.nextInt(256));
            }
            return newLen;
        }
        int flips = rnd.nextInt(1, 4);
        for (int f = 0; f < flips; f++) {
            // Headers are where parsers decide; aim most flips at the first 80 bytes.
            int at = rnd.nextInt(Math.min(len, rnd.nextBoolean() ? 80 : len));
            b.putByte(at, (byte) rnd.nextInt(256));
        }
        return len;
    }
}
