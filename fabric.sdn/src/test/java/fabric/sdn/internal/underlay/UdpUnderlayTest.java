package fabric.sdn.internal.underlay;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.sdn.internal.wire.Encapsulator;
import fabric.sdn.internal.wire.TestFrames;
import fabric.sdn.internal.wire.VxlanTunnel;
import fabric.sdn.internal.wire.Wire;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Real datagrams on loopback carry the encapsulation's entropy: each inner flow leaves by one
 * source port, and flows spread over the host's pool of send ports (RFC 7348 section 5).
 */
class UdpUnderlayTest {

    static final int PA1 = 0xC0A8_6401;
    static final int PA2 = 0xC0A8_6402;

    /** What host 2 received: the real source port of each datagram, by the inner UDP source port. */
    private final Map<Integer, Set<Integer>> portsByFlow = new HashMap<>();
    private final List<Integer> sourcePas = new ArrayList<>();
    private int received;

    private void receive(org.agrona.DirectBuffer b, int offset, int length) {
        int outerIp = offset + Wire.ETH_HEADER;
        int realSourcePort = b.getShort(outerIp + Wire.IPV4_HEADER, BIG_ENDIAN) & 0xFFFF;
        int innerUdp = offset + Wire.VXLAN_OVERHEAD + Wire.ETH_HEADER + Wire.IPV4_HEADER;
        int flow = b.getShort(innerUdp, BIG_ENDIAN) & 0xFFFF;
        portsByFlow.computeIfAbsent(flow, f -> new HashSet<>()).add(realSourcePort);
        sourcePas.add(b.getInt(outerIp + 12, BIG_ENDIAN));
        received++;
    }

    private void exchange(UdpUnderlay underlay, int flows, int framesPerFlow) {
        UnderlayEndpoint host1 = underlay.attach(PA1, 1, (b, o, l) -> { });
        underlay.attach(PA2, 2, this::receive);
        VxlanTunnel tunnel = new VxlanTunnel(1, 2, PA1, PA2, 5001);
        UnsafeBuffer inner = new UnsafeBuffer(new byte[256]);
        UnsafeBuffer outer = new UnsafeBuffer(new byte[512]);
        for (int k = 0; k < framesPerFlow; k++) {
            for (int f = 0; f < flows; f++) {
                int len = TestFrames.udp(inner, 0, -1, TestFrames.IP_A, TestFrames.IP_B, 10_000 + f, 80, 32);
                // The flow hash a host agent takes from the parsed inner 5-tuple.
                int hash = (10_000 + f) * 0x9E3779B1;
                assertTrue(host1.send(outer, 0, tunnel.encapsulate(inner, 0, len, outer, 0, hash)));
                // Receive as we go: loopback's socket buffer never fills.
                underlay.poll();
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (received < flows * framesPerFlow && System.nanoTime() < deadline) {
            underlay.poll();
        }
        assertEquals(flows * framesPerFlow, received, "every datagram arrived on loopback");
    }

    @Test
    void eachFlowKeepsOneSourcePortAndFlowsSpreadOverThePool() {
        try (UdpUnderlay underlay = new UdpUnderlay(InetAddress.getLoopbackAddress(), 0, 8)) {
            exchange(underlay, 64, 4);
            Set<Integer> pool = new HashSet<>(underlay.sourcePorts(PA1));
            assertEquals(8, pool.size());
            Set<Integer> used = new HashSet<>();
            for (Map.Entry<Integer, Set<Integer>> e : portsByFlow.entrySet()) {
                assertEquals(1, e.getValue().size(), "flow " + e.getKey() + " left by " + e.getValue());
                used.addAll(e.getValue());
            }
            assertEquals(pool, used, "64 flows use every port of the pool");
            assertTrue(sourcePas.stream().allMatch(pa -> pa == PA1), "every pool port is known as host 1's");
        }
    }

    @Test
    void theSourcePortFollowsTheEncapsulationsEntropyPort() {
        try (UdpUnderlay underlay = new UdpUnderlay(InetAddress.getLoopbackAddress(), 0, 8)) {
            exchange(underlay, 16, 1);
            List<Integer> pool = underlay.sourcePorts(PA1);
            for (Map.Entry<Integer, Set<Integer>> e : portsByFlow.entrySet()) {
                int entropy = Encapsulator.entropyPort(e.getKey() * 0x9E3779B1);
                assertEquals(pool.get(entropy % 8), e.getValue().iterator().next(), "flow " + e.getKey());
            }
        }
    }

    @Test
    void oneSourcePortSendsEverythingFromTheMainSocket() {
        try (UdpUnderlay underlay = new UdpUnderlay(InetAddress.getLoopbackAddress(), 0, 1)) {
            exchange(underlay, 16, 2);
            Set<Integer> used = new HashSet<>();
            portsByFlow.values().forEach(used::addAll);
            assertEquals(Set.of(underlay.socketAddress(PA1).getPort()), used);
            assertEquals(List.of(underlay.socketAddress(PA1).getPort()), underlay.sourcePorts(PA1));
        }
    }

    @Test
    void aPoolSizeOutsideOneToSixtyFourIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UdpUnderlay(InetAddress.getLoopbackAddress(), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new UdpUnderlay(InetAddress.getLoopbackAddress(), 0, 65));
    }

    @Test
    void eachNicHasItsOwnSocketsKnownAsTheHostsAndItsLinkCanBePulled() {
        try (UdpUnderlay underlay = new UdpUnderlay(InetAddress.getLoopbackAddress(), 0, 2)) {
            underlay.attach(PA1, 1, (b, o, l) -> { });
            underlay.attach(PA2, 2, this::receive);
            UnderlayEndpoint nic0 = underlay.attachNic(PA1, 1, "nic-0", (b, o, l) -> { });
            assertThrows(IllegalArgumentException.class, () -> underlay.attachNic(PA1, 1, "nic-0", (b, o, l) -> { }));
            assertThrows(IllegalArgumentException.class, () -> underlay.attachNic(0x0A0A_0A0A, 1, "nic-0", (b, o, l) -> { }));
            VxlanTunnel tunnel = new VxlanTunnel(1, 2, PA1, PA2, 5001);
            UnsafeBuffer inner = new UnsafeBuffer(new byte[256]);
            UnsafeBuffer outer = new UnsafeBuffer(new byte[512]);
            int len = TestFrames.udp(inner, 0, -1, TestFrames.IP_A, TestFrames.IP_B, 10_000, 80, 32);
            int outLen = tunnel.encapsulate(inner, 0, len, outer, 0, 10_000 * 0x9E3779B1);
            assertTrue(nic0.linkUp());
            assertTrue(nic0.send(outer, 0, outLen));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (received < 1 && System.nanoTime() < deadline) {
                underlay.poll();
            }
            assertEquals(List.of(PA1), sourcePas, "the NIC's socket is known as host 1's");
            int port = portsByFlow.get(10_000).iterator().next();
            assertTrue(!underlay.sourcePorts(PA1).contains(port), "it left by the NIC's own socket, not the host's");

            underlay.link(PA1, "nic-0", false);
            assertTrue(!nic0.linkUp());
            assertTrue(!nic0.send(outer, 0, outLen), "a pulled link sends nothing");
            assertThrows(IllegalArgumentException.class, () -> underlay.link(PA1, "nic-9", false));
            underlay.link(PA1, "nic-0", true);
            assertTrue(nic0.linkUp() && nic0.send(outer, 0, outLen));
        }
    }
}
