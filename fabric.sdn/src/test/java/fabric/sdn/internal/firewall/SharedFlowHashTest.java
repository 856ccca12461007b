package fabric.sdn.internal.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import fabric.api.network.Access;
import fabric.api.network.AddressPrefix;
import fabric.api.network.Direction;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.PortRange;
import fabric.api.network.Protocol;
import fabric.api.network.SecurityRule;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.wire.DropCounters;
import fabric.sdn.internal.wire.Packet;
import fabric.sdn.internal.wire.PacketParser;
import fabric.sdn.internal.wire.TestFrames;
import fabric.sdn.internal.wire.Wire;
import java.util.List;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The parser computes a packet's flow hash once; the flow cache takes its slot from it, so the
 * firewall and the encapsulation share one hash per packet. A hash that is not the key's costs a
 * miss, never a wrong answer.
 */
class SharedFlowHashTest {

    @Test
    void theParsersHashIsTheHashOfTheFiveTuple() {
        PacketParser parser = new PacketParser(new DropCounters(), Wire.MAX_FRAME);
        UnsafeBuffer b = new UnsafeBuffer(new byte[2048]);
        Packet p = new Packet();
        int len = TestFrames.udp(b, 0, -1, 0x0A00_0001, 0x0A00_0002, 40000, 53, 20);
        assertNull(parser.parse(b, 0, len, p));
        assertEquals(Packet.flowHash(0x0A00_0001, 0x0A00_0002, 40000, 53, Wire.PROTO_UDP), p.hash);
        len = TestFrames.icmpEcho(b, 0, 1, 2, 0x0A00_0001, 0x0A00_0002, Wire.ICMP_ECHO_REQUEST, 7, 1, 8);
        assertNull(parser.parse(b, 0, len, p));
        assertEquals(Packet.flowHash(0x0A00_0001, 0x0A00_0002, 0, 0, Wire.PROTO_ICMP), p.hash);
    }

    @Test
    void theCacheAnswersFromTheKeyWhateverTheHash() {
        NetworkSecurityGroupSpec spec = new NetworkSecurityGroupSpec("g", List.of(
                new SecurityRule("deny-22", 100, Direction.INBOUND, Access.DENY, Protocol.TCP,
                        List.of(AddressPrefix.ANY), List.of(PortRange.ANY), List.of(AddressPrefix.ANY),
                        List.of(PortRange.parse("22")))), true);
        CompiledGroup g = new CompiledGroup(spec, new VirtualNetworkSpec("a", 5001,
                List.of(Ipv4Prefix.parse("10.0.0.0/24")), Encapsulation.VXLAN));
        Random r = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            int src = 0x0A00_0000 | r.nextInt(256);
            int dst = 0x0A00_0000 | r.nextInt(256);
            int sp = 1024 + r.nextInt(4);
            int dp = r.nextBoolean() ? 22 : 80;
            int expected = g.peek(Direction.INBOUND, src, dst, sp, dp, Wire.PROTO_TCP);
            int hash = r.nextInt(4) == 0 ? r.nextInt() : Packet.flowHash(src, dst, sp, dp, Wire.PROTO_TCP);
            assertEquals(expected, g.decide(Direction.INBOUND, hash, src, dst, sp, dp, Wire.PROTO_TCP), "packet " + i);
        }
        FlowCache cache = g.cache(Direction.INBOUND);
        long hits = cache.hits();
        // The key's own hash finds what the int-only path put there.
        g.decide(Direction.INBOUND, 0x0A00_0001, 0x0A00_0002, 5555, 22, Wire.PROTO_TCP);
        g.decide(Direction.INBOUND, Packet.flowHash(0x0A00_0001, 0x0A00_0002, 5555, 22, Wire.PROTO_TCP), 0x0A00_0001,
                0x0A00_0002, 5555, 22, Wire.PROTO_TCP);
        assertEquals(hits + 1, cache.hits());
    }
}
