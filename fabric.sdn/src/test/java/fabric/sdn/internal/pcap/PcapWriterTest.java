package fabric.sdn.internal.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fabric.sdn.internal.wire.Encapsulator;
import fabric.sdn.internal.wire.TestFrames;
import fabric.sdn.internal.wire.Wire;
import fabric.sdn.testing.Tshark;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {

    @TempDir
    Path dir;

    @Test
    void writesTheLibpcapLayout() throws Exception {
        Path file = dir.resolve("a.pcap");
        UnsafeBuffer b = new UnsafeBuffer(new byte[256]);
        int len = TestFrames.arpRequest(b, 0, TestFrames.MAC_A, TestFrames.IP_A, TestFrames.IP_B);
        try (PcapWriter w = new PcapWriter(file)) {
            w.write(b, 0, len, 1_700_000_000_123_456L);
            assertEquals(1, w.frames());
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(24 + 16 + len, bytes.remaining());
        assertEquals(0xa1b2c3d4, bytes.getInt(0));
        assertEquals(2, bytes.getShort(4));
        assertEquals(4, bytes.getShort(6));
        assertEquals(1, bytes.getInt(20), "link type Ethernet");
        assertEquals(1_700_000_000, bytes.getInt(24));
        assertEquals(123_456, bytes.getInt(28));
        assertEquals(len, bytes.getInt(32));
        assertEquals(len, bytes.getInt(36));
    }

    @Test
    void tsharkDecodesVniAndInnerIcmp() throws Exception {
        assumeTrue(Tshark.available(), "tshark is not installed (.ci/run installs it)");
        Path file = dir.resolve("vxlan.pcap");
        UnsafeBuffer inner = new UnsafeBuffer(new byte[256]);
        UnsafeBuffer outer = new UnsafeBuffer(new byte[512]);
        try (PcapWriter w = new PcapWriter(file)) {
            for (int seq = 1; seq <= 3; seq++) {
                int innerLen = TestFrames.icmpEcho(inner, 0, TestFrames.MAC_A, TestFrames.MAC_B, TestFrames.IP_A,
                        TestFrames.IP_B, Wire.ICMP_ECHO_REQUEST, 9, seq, 32);
                int len = Encapsulator.vxlan(inner, 0, innerLen, outer, 0, 0x0200_0000_0101L, 0x0200_0000_0102L,
                        0xC0A8_6401, 0xC0A8_6402, 5001, seq);
                w.write(outer, 0, len, 1_000_000L * seq);
            }
        }
        List<String> lines = Tshark.fields(file, "vxlan.vni", "ip.dst", "icmp.type", "icmp.seq");
        assertEquals(List.of("5001|192.168.100.2,10.0.0.2|8|1", "5001|192.168.100.2,10.0.0.2|8|2",
                "5001|192.168.100.2,10.0.0.2|8|3"), lines);
    }
}
