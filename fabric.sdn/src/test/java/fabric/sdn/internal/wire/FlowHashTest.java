package fabric.sdn.internal.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The flow hash spreads flows: over ECMP entropy ports, and when only one field differs. */
class FlowHashTest {

    private final Packet p = new Packet();

    private int hash(int src, int dst, int sport, int dport, int proto) {
        p.srcIp = src;
        p.dstIp = dst;
        p.srcPort = sport;
        p.dstPort = dport;
        p.protocol = proto;
        return p.flowHash();
    }

    @Test
    void entropyPortsAreSpreadEvenly() {
        Random r = new Random(7);
        int[] buckets = new int[64];
        int flows = 64_000;
        for (int i = 0; i < flows; i++) {
            int port = Encapsulator.entropyPort(hash(0x0A00_0000 | r.nextInt(256), 0x0A00_0100 | r.nextInt(256),
                    1024 + r.nextInt(60_000), 443, Wire.PROTO_TCP));
            assertTrue(port >= 49152 && port <= 65535, "port " + port);
            buckets[(port - 49152) >>> 8]++;
        }
        for (int b : buckets) {
            // 1,000 expected per bucket; a fair hash stays well within +-15% (about 5 sigma).
            assertTrue(b > 850 && b < 1150, "bucket count " + b);
        }
    }

    @Test
    void everyFieldChangesTheHash() {
        Set<Integer> seen = new HashSet<>();
        int base = hash(0x0A00_0001, 0x0A00_0002, 40000, 443, Wire.PROTO_TCP);
        seen.add(base);
        for (int bit = 0; bit < 32; bit++) {
            seen.add(hash(0x0A00_0001 ^ 1 << bit, 0x0A00_0002, 40000, 443, Wire.PROTO_TCP));
            seen.add(hash(0x0A00_0001, 0x0A00_0002 ^ 1 << bit, 40000, 443, Wire.PROTO_TCP));
        }
        for (int bit = 0; bit < 16; bit++) {
            seen.add(hash(0x0A00_0001, 0x0A00_0002, 40000 ^ 1 << bit, 443, Wire.PROTO_TCP));
            seen.add(hash(0x0A00_0001, 0x0A00_0002, 40000, 443 ^ 1 << bit, Wire.PROTO_TCP));
        }
        for (int bit = 0; bit < 8; bit++) {
            seen.add(hash(0x0A00_0001, 0x0A00_0002, 40000, 443, Wire.PROTO_TCP ^ 1 << bit));
        }
        // One base plus 32 + 32 + 16 + 16 + 8 single-bit neighbours, all different.
        assertTrue(seen.size() == 105, "distinct hashes: " + seen.size());
    }
}
