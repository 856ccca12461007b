package fabric.sdn.internal.overlay;

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
import fabric.sdn.internal.underlay.UnderlayEndpoint;
import fabric.sdn.internal.wire.Encapsulator;
import fabric.sdn.internal.wire.TestFrames;
import fabric.sdn.internal.wire.Wire;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The whole receive and transmit paths of a host agent under hostile input: mutated VXLAN and
 * NVGRE frames from the provider network (addressed to the host, so they pass its NIC filter) and
 * mutated frames from a vPort. Nothing may throw; every refused frame is counted.
 */
class HostAgentFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 77L);

    @Test
    void hostileFramesFromTheUnderlayAndFromVportsAreCountedNeverThrown() {
        long[] now = {0};
        SimulatedUnderlay underlay = new SimulatedUnderlay(() -> now[0], 5);
        NodeId n1 = NodeId.of("node-1");
        NodeId n2 = NodeId.of("node-2");
        OverlayFabric fabric = new OverlayFabric(List.of(n1, n2), Ipv4Prefix.parse("192.168.100.0/24"), underlay,
                Clock.systemUTC());
        try {
            fabric.create(new VirtualNetworkSpec("a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24")),
                    Encapsulation.VXLAN));
            fabric.create(new VirtualNetworkSpec("b", 7001, List.of(Ipv4Prefix.parse("10.0.0.0/24")),
                    Encapsulation.NVGRE));
            GuestEndpoint g1 = attach(fabric, "g1", n1, "a", 1);
            GuestEndpoint g2 = attach(fabric, "g2", n2, "a", 2);
            attach(fabric, "g3", n2, "b", 2);
            VPort port1 = fabric.port("g1").orElseThrow();
            int pa1 = fabric.providerAddress(n1).value();
            int pa2 = fabric.providerAddress(n2).value();
            int rogue = Ipv4Address.parse("192.168.100.99").value();
            UnderlayEndpoint attacker = underlay.attach(rogue, 0x0200_0000_0099L, (b, o, l) -> { });
            SplittableRandom rnd = new SplittableRandom(SEED);
            UnsafeBuffer inner = new UnsafeBuffer(new byte[2048]);
            UnsafeBuffer outer = new UnsafeBuffer(new byte[Wire.MAX_FRAME + 64]);
            ByteBuffer fromGuest = ByteBuffer.allocateDirect(Wire.MAX_FRAME + 64);
            UnsafeBuffer guestView = new UnsafeBuffer(fromGuest);
            for (int i = 0; i < 100_000; i++) {
                int innerLen = rnd.nextBoolean()
                        ? TestFrames.icmpEcho(inner, 0, 0x02_0A_00_00_00_01L, 0x02_0A_00_00_00_02L, 0x0A00_0001,
                                0x0A00_0002, Wire.ICMP_ECHO_REQUEST, 1, i, rnd.nextInt(64))
                        : TestFrames.arpRequest(inner, 0, 0x02_0A_00_00_00_01L, 0x0A00_0001, 0x0A00_0002);
                int src = rnd.nextBoolean() ? pa1 : rogue;
                int len = rnd.nextInt(4) == 0
                        ? Encapsulator.nvgre(inner, 0, innerLen, outer, 0, 1, 0x0200_0000_0000L | pa2, src, pa2,
                                rnd.nextBoolean() ? 7001 : rnd.nextInt(1 << 24), i)
                        : Encapsulator.vxlan(inner, 0, innerLen, outer, 0, 1, 0x0200_0000_0000L | pa2, src, pa2,
                                rnd.nextBoolean() ? 5001 : rnd.nextInt(1 << 24), i);
                len = mutate(rnd, outer, len);
                attacker.send(outer, 0, Math.max(Wire.ETH_HEADER, len));
                // The same kind of garbage from a guest's vPort.
                int glen = mutate(rnd, inner, innerLen);
                guestView.putBytes(0, inner, 0, glen);
                fromGuest.clear().limit(glen);
                port1.send(fromGuest);
                if ((i & 255) == 0) {
                    now[0] += 1_000_000;
                    fabric.poll();
                }
            }
            now[0] += 1_000_000_000L;
            fabric.poll();
            long drops = 0;
            for (long n : fabric.drops().values()) {
                drops += n;
            }
            assertTrue(drops > 50_000, "hostile frames are counted: " + fabric.drops());
            // The fabric still works.
            long before = g1.echoRepliesReceived();
            g1.ping(Ipv4Address.parse("10.0.0.2"), 1);
            now[0] += 1_000_000;
            fabric.poll();
            now[0] += 1_000_000;
            fabric.poll();
            assertTrue(g1.echoRepliesReceived() > before, "seed " + SEED);
            assertTrue(g2.echoRequestsAnswered() > 0);
        } finally {
            fabric.close();
        }
    }

    private static GuestEndpoint attach(OverlayFabric fabric, String name, NodeId node, String vnet, int n) {
        MacAddress mac = new MacAddress(0x02_0A_00_00_00_00L + n);
        GuestEndpoint g = new GuestEndpoint(mac, new Ipv4Address(0x0A00_0000 + n));
        g.bind(fabric.attach(new VPortSpec(name, node, vnet, mac, new Ipv4Address(0x0A00_0000 + n)), g));
        return g;
    }

    private static int mutate(SplittableRandom rnd, UnsafeBuffer b, int len) {
        switch (rnd.nextInt(4)) {
            case 0:
                return len;
            case 1:
                return rnd.nextInt(len + 1);
            default:
                for (int f = rnd.nextInt(1, 4); f > 0; f--) {
                    b.putByte(rnd.nextInt(Math.min(len, 96)), (byte) rnd.nextInt(256));
                }
                return len;
        }
    }
}
