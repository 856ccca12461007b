package fabric.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.compute.ComputeService;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.GuestStack;
import fabric.api.network.Ipv4Address;
import fabric.api.network.VmNicStatus;
import fabric.api.network.VmNics;
import fabric.api.network.controller.NetworkController;
import fabric.api.network.controller.NodePolicyStatus;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import fabric.runtime.EmbeddedFabric;
import fabric.runtime.FabricConfig;
import fabric.runtime.FabricShell;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compute's VMs on tenant networks: VMs created with the network controller's interfaces as NICs
 * ping each other over VXLAN from different nodes, are isolated from another tenant with the same
 * addresses, keep their connectivity across live migration, and go silent when stopped.
 */
class VmNetworkTest {

    private static final Ipv4Address A1 = Ipv4Address.parse("10.0.1.11");
    private static final Ipv4Address A2 = Ipv4Address.parse("10.0.1.12");

    @TempDir
    Path data;

    EmbeddedFabric fabric;
    FabricShell shell;
    NetworkController controller;
    ComputeService compute;
    VmNics vmNics;

    @BeforeEach
    void start() {
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        shell = fabric.shell();
        controller = fabric.service(NetworkController.class);
        compute = fabric.service(ComputeService.class);
        vmNics = fabric.service(VmNics.class);
        tenant("sub-a", "rg-a", "blue", "a-1", "10.0.1.11", "02-00-00-0a-00-01", "a-2", "10.0.1.12", "02-00-00-0a-00-02");
        // The second tenant uses the same addresses: b-1 has a-2's address.
        tenant("sub-b", "rg-b", "red", "b-1", "10.0.1.12", "02-00-00-0b-00-01", "b-2", "10.0.1.13", "02-00-00-0b-00-02");
        assertTrue(controller.status().stream().allMatch(NodePolicyStatus::converged), controller.status().toString());
    }

    @AfterEach
    void stop() {
        fabric.close();
    }

    private void tenant(String sub, String rg, String vnet, String nic1, String ip1, String mac1, String nic2,
            String ip2, String mac2) {
        controller.put(new ResourceId(sub, rg, ResourceType.VIRTUAL_NETWORK, vnet), json("{'properties':{'addressSpace':"
                + "{'addressPrefixes':['10.0.0.0/16']},'subnets':[{'name':'default','properties':{'addressPrefix':"
                + "'10.0.1.0/24'}}]}}"), null, "*");
        String subnet = "/subscriptions/" + sub + "/resourceGroups/" + rg
                + "/providers/Microsoft.Network/virtualNetworks/" + vnet + "/subnets/default";
        controller.put(nicId(sub, rg, nic1), nic(subnet, ip1, mac1), null, "*");
        controller.put(nicId(sub, rg, nic2), nic(subnet, ip2, mac2), null, "*");
    }

    private static ResourceId nicId(String sub, String rg, String name) {
        return new ResourceId(sub, rg, ResourceType.NETWORK_INTERFACE, name);
    }

    private static String nic(String subnet, String ip, String mac) {
        return json("{'properties':{'node':'node-4','macAddress':'" + mac + "','ipConfigurations':[{'name':'ipconfig1',"
                + "'properties':{'subnet':{'id':'" + subnet + "'},'privateIPAddress':'" + ip
                + "','privateIPAllocationMethod':'Static'}}]}}");
    }

    private static String json(String s) {
        return s.replace('\'', '"');
    }

    private GuestStack guest(String vm, String nic) {
        return vmNics.guest(vm, nic).orElseThrow(() -> new AssertionError("vm " + vm + " has no vNIC " + nic));
    }

    private NodeId node(String vm) {
        return compute.get(vm).node().orElseThrow();
    }

    private VmNicStatus status(String vm) {
        return vmNics.vmNics().stream().filter(s -> s.vm().equals(vm)).findFirst().orElseThrow();
    }

    /** Waits (spinning, bounded) for a condition the data path makes true. */
    private static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }

    /** Pings and expects the reply of that sequence number. */
    private static void pingAnswered(GuestStack from, Ipv4Address to, int seq) {
        long replies = from.echoRepliesReceived();
        assertTrue(from.ping(to, seq), "the fabric took the ping's first frame");
        await(() -> from.echoRepliesReceived() > replies && from.lastReplySeq() == seq, "echo reply " + seq + " from " + to);
    }

    /** Pings and expects no reply within half a second (a negative cannot be awaited otherwise). */
    private static void pingUnanswered(GuestStack from, Ipv4Address to, int seq) {
        long replies = from.echoRepliesReceived();
        from.ping(to, seq);
        long deadline = System.nanoTime() + 500_000_000L;
        while (System.nanoTime() < deadline) {
            assertEquals(replies, from.echoRepliesReceived(), "no echo reply from " + to);
            Thread.onSpinWait();
        }
    }

    @Test
    void vmsOnTenantNetworksPingAcrossNodesMigrationAndStop() {
        shell.execute("vm:create a-vm1 --cpu 2 --mem 2g --nics a-1 --anti-affinity blue");
        shell.execute("vm:create a-vm2 --cpu 2 --mem 2g --nics a-2 --anti-affinity blue");
        shell.execute("vm:create b-vm1 --cpu 2 --mem 2g --nics b-1");
        NodeId n1 = node("a-vm1");
        NodeId n2 = node("a-vm2");
        assertNotEquals(n1, n2, "anti-affinity puts the tenant's VMs on different nodes");

        // The interfaces followed their VMs: properties.node written through the controller.
        assertTrue(controller.get(nicId("sub-a", "rg-a", "a-2")).orElseThrow().json().contains(
                "\"node\":\"" + n2.value() + "\""), controller.get(nicId("sub-a", "rg-a", "a-2")).toString());
        VmNicStatus s2 = status("a-vm2");
        assertTrue(s2.plugged(), s2.toString());
        assertEquals(n2, s2.node().orElseThrow());
        assertEquals("blue/default", s2.network());
        assertEquals(A2, s2.address());
        String show = shell.execute("vm:show a-vm1");
        assertTrue(show.contains("nic a-1: network blue/default, 10.0.1.11") && show.contains("plugged on " + n1), show);

        String vmnics = shell.execute("nc:vmnics");
        assertTrue(vmnics.lines().anyMatch(l -> l.startsWith("a-vm2") && l.contains("blue/default")
                && l.contains("10.0.1.12") && l.contains(" yes ") && l.contains(n2.value())), vmnics);
        assertTrue(vmnics.lines().anyMatch(l -> l.startsWith("b-vm1") && l.contains("red/default")), vmnics);

        // One tenant's VMs ping each other over VXLAN, both ways.
        GuestStack g1 = guest("a-vm1", "a-1");
        GuestStack g2 = guest("a-vm2", "a-2");
        GuestStack b1 = guest("b-vm1", "b-1");
        pingAnswered(g1, A2, 1);
        pingAnswered(g2, A1, 1);
        assertEquals(0, b1.echoRequestsAnswered(), "the other tenant's VM with the same address heard nothing");

        // The other tenant, with a-2's address, cannot reach a-vm1.
        long answeredByA1 = g1.echoRequestsAnswered();
        pingUnanswered(b1, A1, 1);
        assertEquals(answeredByA1, g1.echoRequestsAnswered(), "a-vm1 heard nothing from the other tenant");

        // Live migration: the interface follows the VM and the ping still works from its new node.
        NodeId target = fabric.service(fabric.api.topology.Topology.class).region().nodes().stream()
                .map(n -> n.id()).filter(n -> !n.equals(n1) && !n.equals(n2)).findFirst().orElseThrow();
        shell.execute("vm:migrate a-vm2 " + target.value());
        assertEquals(target, node("a-vm2"));
        assertTrue(controller.get(nicId("sub-a", "rg-a", "a-2")).orElseThrow().json().contains(
                "\"node\":\"" + target.value() + "\""));
        assertEquals(target, status("a-vm2").node().orElseThrow());
        pingAnswered(g1, A2, 2);
        pingAnswered(g2, A1, 2);

        // Stopped, it answers nothing (not even the controller's placeholder).
        shell.execute("vm:stop a-vm2");
        assertFalse(status("a-vm2").plugged());
        assertTrue(shell.execute("vm:show a-vm2").contains("nic a-2: network blue/default, 10.0.1.12 (02:00:00:0a:00:02),"
                + " unplugged"), shell.execute("vm:show a-vm2"));
        pingUnanswered(g1, A2, 3);

        // Started again, it answers again.
        shell.execute("vm:start a-vm2");
        pingAnswered(g1, A2, 4);
    }

    @Test
    void aVmRestartedAfterItsNodeFailedIsPluggedOnItsNewNode() {
        shell.execute("vm:create a-vm1 --nics a-1 --anti-affinity blue; vm:create a-vm2 --nics a-2 --anti-affinity blue");
        NodeId n1 = node("a-vm1");
        NodeId n2 = node("a-vm2");
        shell.execute("fabric:fail-node " + n2.value());
        await(() -> compute.get("a-vm2").node().map(n -> !n.equals(n2)).orElse(false)
                && status("a-vm2").plugged(), "a-vm2 restarted elsewhere and plugged");
        NodeId now = node("a-vm2");
        assertNotEquals(n1, now, "anti-affinity still holds");
        assertEquals(now, status("a-vm2").node().orElseThrow());
        assertTrue(controller.get(nicId("sub-a", "rg-a", "a-2")).orElseThrow().json().contains(
                "\"node\":\"" + now.value() + "\""));
        pingAnswered(guest("a-vm1", "a-1"), A2, 1);
        pingAnswered(guest("a-vm2", "a-2"), A1, 1);
    }

    @Test
    void aPluggedGuestFollowsItsPortWhenTheAgentAttachesItAgain() {
        shell.execute("vm:create a-vm1 --nics a-1 --anti-affinity blue; vm:create a-vm2 --nics a-2 --anti-affinity blue");
        NodeId n1 = node("a-vm1");
        NodeId other = fabric.service(fabric.api.topology.Topology.class).region().nodes().stream()
                .map(n -> n.id()).filter(n -> !n.equals(n1) && !n.equals(node("a-vm2"))).findFirst().orElseThrow();
        // An operator moves a-1's port by hand: the agent attaches it on the other node, the guest stack
        // plugged into it sends on the new port.
        ResourceId a1 = nicId("sub-a", "rg-a", "a-1");
        controller.put(a1, controller.get(a1).orElseThrow().json().replace("\"node\":\"" + n1.value() + "\"",
                "\"node\":\"" + other.value() + "\""), null, null);
        assertTrue(controller.get(a1).orElseThrow().json().contains("\"node\":\"" + other.value() + "\""));
        pingAnswered(guest("a-vm1", "a-1"), A2, 1);
        pingAnswered(guest("a-vm2", "a-2"), A1, 1);
    }

    @Test
    void afterARestartRunningVmsArePluggedAgain() {
        shell.execute("vm:create a-vm1 --nics a-1 --anti-affinity blue; vm:create a-vm2 --nics a-2 --anti-affinity blue");
        NodeId n2 = node("a-vm2");
        fabric.close();
        fabric = EmbeddedFabric.start(FabricConfig.demo(data));
        shell = fabric.shell();
        compute = fabric.service(ComputeService.class);
        vmNics = fabric.service(VmNics.class);
        assertEquals(n2, node("a-vm2"), "compute replayed the VM where it was");
        await(() -> vmNics.vmNics().size() == 2 && vmNics.vmNics().stream().allMatch(VmNicStatus::plugged),
                "both vNICs plugged again");
        pingAnswered(guest("a-vm1", "a-1"), A2, 1);
    }

    @Test
    void badNicsAreRefusedAndChangeNothing() {
        shell.execute("vm:create a-vm1 --nics a-1");
        long version = controller.version();
        int vms = compute.list().size();
        FabricException nothing = assertThrows(FabricException.class, () -> shell.execute("vm:create x --nics nope"));
        assertTrue(nothing.getMessage().contains("nic nope of vm x names no network interface"), nothing.getMessage());
        FabricException taken = assertThrows(FabricException.class,
                () -> shell.execute("vm:create thief --nics b-2,a-1"));
        assertTrue(taken.getMessage().contains("network interface a-1 is plugged by vm a-vm1"), taken.getMessage());
        assertEquals(vms, compute.list().size(), "no VM was created");
        assertEquals(version, controller.version(), "no interface was written");
        assertEquals(List.of("a-1"), vmNics.vmNics().stream().map(VmNicStatus::nic).toList());
        FabricException held = assertThrows(FabricException.class,
                () -> controller.delete(nicId("sub-a", "rg-a", "a-1"), null));
        assertEquals(ErrorCode.FAILED_PRECONDITION, held.code());
        assertTrue(held.getMessage().contains("network interface a-1 is held by vm a-vm1"), held.getMessage());
        assertTrue(controller.get(nicId("sub-a", "rg-a", "a-1")).isPresent());
        assertEquals(version, controller.version(), "no interface was written or deleted");
        assertTrue(status("a-vm1").plugged());

        // Deleting the VM frees its interface for another VM.
        shell.execute("vm:stop a-vm1; vm:delete a-vm1");
        assertEquals(List.of(), vmNics.vmNics());
        shell.execute("vm:create other --nics a-1");
        assertTrue(status("other").plugged(), status("other").toString());
        shell.execute("vm:stop other; vm:delete other");
        assertTrue(controller.delete(nicId("sub-a", "rg-a", "a-1"), null), "a free interface can be deleted");
    }
}
