package fabric.sdn.internal.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fabric.api.core.NodeId;
import fabric.api.network.Access;
import fabric.api.network.AddressPrefix;
import fabric.api.network.Direction;
import fabric.api.network.Encapsulation;
import fabric.api.network.FrameSink;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.NetworkSecurityGroupSpec;
import fabric.api.network.PortRange;
import fabric.api.network.Protocol;
import fabric.api.network.SecurityRule;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.firewall.DistributedFirewall;
import fabric.sdn.internal.underlay.SimulatedUnderlay;
import fabric.sdn.internal.wire.TestFrames;
import fabric.sdn.internal.wire.Wire;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The data path allocates nothing in steady state: echo requests from a vPort cross the firewall,
 * VXLAN encapsulation, the in-process underlay's switch and links, decapsulation, the firewall
 * again and a guest's reply, and back, with the thread's allocation counter unmoved.
 */
class DataPathAllocationTest {

    @Test
    void aRoundTripThroughFirewallOverlayAndUnderlayAllocatesNothing() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "this JVM does not count allocated bytes");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM does not count allocated bytes");
        long[] now = {0};
        SimulatedUnderlay underlay = new SimulatedUnderlay(() -> now[0], 3);
        NodeId n1 = NodeId.of("node-1");
        NodeId n2 = NodeId.of("node-2");
        OverlayFabric fabric = new OverlayFabric(List.of(n1, n2), Ipv4Prefix.parse("192.168.100.0/24"), underlay,
                Clock.systemUTC());
        DistributedFirewall firewall = new DistributedFirewall(fabric, () -> now[0]);
        try {
            fabric.create(new VirtualNetworkSpec("a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24")),
                    Encapsulation.VXLAN));
            long[] replies = {0};
            FrameSink counting = frame -> replies[0]++;
            MacAddress mac1 = new MacAddress(0x02_0A_00_00_00_01L);
            VPort sender = fabric.attach(new VPortSpec("p1", n1, "a", mac1, new Ipv4Address(0x0A00_0001)), counting);
            MacAddress mac2 = new MacAddress(0x02_0A_00_00_00_02L);
            GuestEndpoint guest = new GuestEndpoint(mac2, new Ipv4Address(0x0A00_0002));
            guest.bind(fabric.attach(new VPortSpec("p2", n2, "a", mac2, new Ipv4Address(0x0A00_0002)), guest));
            firewall.apply(new NetworkSecurityGroupSpec("g", List.of(new SecurityRule("deny-ssh", 100,
                    Direction.INBOUND, Access.DENY, Protocol.TCP, List.of(AddressPrefix.ANY), List.of(PortRange.ANY),
                    List.of(AddressPrefix.ANY), List.of(PortRange.parse("22")))), true));
            firewall.associatePort("g", "p2");
            ByteBuffer frame = ByteBuffer.allocateDirect(256);
            UnsafeBuffer view = new UnsafeBuffer(frame);
            int len = TestFrames.icmpEcho(view, 0, mac1.value(), mac2.value(), 0x0A00_0001, 0x0A00_0002,
                    Wire.ICMP_ECHO_REQUEST, 9, 1, 56);
            frame.limit(len);
            for (int i = 0; i < 20_000; i++) {
                roundTrip(sender, frame, fabric, now);
            }
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 10_000; i++) {
                roundTrip(sender, frame, fabric, now);
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            while (underlay.inFlight() > 0) {
                now[0] += 50_000;
                fabric.poll();
            }
            assertEquals(30_000, replies[0], "every request answered; drops " + fabric.drops());
            // Any allocation per frame would be at least 16 bytes per round trip (160 KB); the margin
            // covers one-off allocations of a JIT still warming up on a loaded machine.
            assertTrue(allocated < 32 * 1024, "10,000 round trips allocated " + allocated + " bytes");
        } finally {
            fabric.close();
        }
    }

    private static void roundTrip(VPort sender, ByteBuffer frame, OverlayFabric fabric, long[] now) {
        frame.position(0);
        sender.send(frame);
        now[0] += 50_000;
        fabric.poll();
    }
}
