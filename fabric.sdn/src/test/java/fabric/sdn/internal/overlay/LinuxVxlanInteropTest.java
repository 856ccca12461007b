package fabric.sdn.internal.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fabric.api.core.NodeId;
import fabric.api.network.AddressMapping;
import fabric.api.network.Encapsulation;
import fabric.api.network.Ipv4Address;
import fabric.api.network.Ipv4Prefix;
import fabric.api.network.MacAddress;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.underlay.UdpUnderlay;
import fabric.sdn.internal.wire.Wire;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Linux VXLAN device in a network namespace and a fabric endpoint exchange ARP and ICMP: the
 * fabric pings the Linux address; the kernel ARPs for the fabric endpoint over VXLAN (answered
 * from the fabric's mapping table) and replies. Needs root and iproute2 ({@code ip netns});
 * skipped with the reason when the machine does not allow network namespaces.
 */
class LinuxVxlanInteropTest {

    private final int id = (int) (ProcessHandle.current().pid() % 200) + 20;
    private final String ns = "fabvx" + id;
    private final String hostIf = "fvx" + id + "h";
    private final String nsIf = "fvx" + id + "n";
    private final String hostIp = "10.251." + id + ".1";
    private final String nsIp = "10.251." + id + ".2";
    private OverlayFabric fabric;

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
        return out;
    }

    private static String reasonNetnsUnavailable() {
        try {
            run("ip", "netns", "add", "fabvx-probe");
            run("ip", "netns", "del", "fabvx-probe");
            return null;
        } catch (IOException e) {
            return "network namespaces are not available here (" + e.getMessage() + "); CI runs this as root";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (fabric != null) {
            fabric.close();
        }
        for (String[] cmd : new String[][] {{"ip", "link", "del", hostIf}, {"ip", "netns", "del", ns}}) {
            try {
                run(cmd);
            } catch (IOException e) {
                // already gone (or never created)
            }
        }
    }

    @Test
    void aLinuxVxlanDeviceExchangesArpAndIcmpWithAFabricEndpoint() throws Exception {
        String reason = reasonNetnsUnavailable();
        assumeTrue(reason == null, reason);
        run("ip", "netns", "add", ns);
        run("ip", "link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
        run("ip", "link", "set", nsIf, "netns", ns);
        run("ip", "addr", "add", hostIp + "/24", "dev", hostIf);
        run("ip", "link", "set", hostIf, "up");
        run("ip", "netns", "exec", ns, "ip", "addr", "add", nsIp + "/24", "dev", nsIf);
        run("ip", "netns", "exec", ns, "ip", "link", "set", nsIf, "up");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        run("ip", "netns", "exec", ns, "ip", "link", "add", "vx0", "type", "vxlan", "id", "5001", "remote", hostIp,
                "local", nsIp, "dstport", Integer.toString(Wire.VXLAN_PORT), "dev", nsIf);
        run("ip", "netns", "exec", ns, "ip", "link", "set", "vx0", "address", "02:99:00:00:00:09");
        run("ip", "netns", "exec", ns, "ip", "addr", "add", "10.0.0.9/24", "dev", "vx0");
        run("ip", "netns", "exec", ns, "ip", "link", "set", "vx0", "up");

        // The fabric's node-1 is a VXLAN endpoint on the host side of the veth, UDP port 4789.
        UdpUnderlay underlay = new UdpUnderlay(null, Wire.VXLAN_PORT);
        NodeId node = NodeId.of("node-1");
        fabric = new OverlayFabric(List.of(node), Ipv4Prefix.parse("10.251." + id + ".0/24"), underlay,
                Clock.systemUTC());
        assertEquals(Ipv4Address.parse(hostIp), fabric.providerAddress(node));
        Ipv4Address linuxPa = Ipv4Address.parse(nsIp);
        underlay.addRemoteEndpoint(linuxPa.value(), new InetSocketAddress(InetAddress.getByName(nsIp), Wire.VXLAN_PORT));
        fabric.addExternalProvider(linuxPa);
        fabric.create(new VirtualNetworkSpec("tenant-a", 5001, List.of(Ipv4Prefix.parse("10.0.0.0/24")),
                Encapsulation.VXLAN));
        fabric.map(new AddressMapping("tenant-a", Ipv4Address.parse("10.0.0.9"), MacAddress.parse("02:99:00:00:00:09"),
                linuxPa));
        MacAddress mac = MacAddress.parse("02:0a:00:00:00:01");
        GuestEndpoint vm = new GuestEndpoint(mac, Ipv4Address.parse("10.0.0.1"));
        VPort port = fabric.attach(new VPortSpec("vm-1", node, "tenant-a", mac, Ipv4Address.parse("10.0.0.1")), vm);
        vm.bind(port);

        for (int seq = 1; seq <= 3; seq++) {
            assertTrue(vm.ping(Ipv4Address.parse("10.0.0.9"), seq));
            int expected = seq;
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (vm.echoRepliesReceived() < expected) {
                fabric.poll();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no echo reply from the Linux VXLAN device for seq " + seq + "; drops "
                            + fabric.drops() + "\n" + run("ip", "netns", "exec", ns, "ip", "-s", "link", "show", "vx0"));
                }
            }
        }
        assertEquals(Ipv4Address.parse("10.0.0.9"), vm.lastReplyFrom());
        // The kernel learned the fabric endpoint's MAC through ARP carried over VXLAN.
        String neighbours = run("ip", "netns", "exec", ns, "ip", "neigh", "show", "dev", "vx0");
        assertTrue(neighbours.contains("10.0.0.1") && neighbours.contains("02:0a:00:00:00:01"), neighbours);
        List<String> fdb = new ArrayList<>(List.of(run("ip", "netns", "exec", ns, "bridge", "fdb", "show", "dev", "vx0")
                .split("\n")));
        assertTrue(fdb.stream().anyMatch(l -> l.contains("02:0a:00:00:00:01") && l.contains(hostIp)), fdb.toString());
    }
}
