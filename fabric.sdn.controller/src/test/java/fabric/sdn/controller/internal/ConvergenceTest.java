package fabric.sdn.controller.internal;

import static fabric.sdn.controller.internal.Fixture.nic;
import static fabric.sdn.controller.internal.Fixture.nsg;
import static fabric.sdn.controller.internal.Fixture.rule;
import static fabric.sdn.controller.internal.Fixture.vnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.network.controller.NodePolicyStatus;
import fabric.api.network.controller.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Changes (vNICs, group rules, a subnet's group, load balancer pool membership), node failures and
 * returns, unreachable agents: after each quiet period every up node holds the current policy.
 */
class ConvergenceTest {

    @Test
    void randomizedChangesAndFailuresConverge() {
        Random random = new Random(42);
        Fixture f = new Fixture(6);
        f.put(ResourceType.VIRTUAL_NETWORK, "v1", vnet("10.0.0.0/16", "10.0.0.0/22"));
        f.put(ResourceType.VIRTUAL_NETWORK, "v2", vnet("10.0.0.0/16", "10.0.0.0/22"));
        for (int g = 0; g < 3; g++) {
            f.put(ResourceType.NETWORK_SECURITY_GROUP, "g" + g, nsg(rule("r", 100, "Inbound", "Allow", "Tcp", "*")));
        }
        f.put(ResourceType.PUBLIC_IP_ADDRESS, "ip", "{'properties':{}}");
        f.put(ResourceType.LOAD_BALANCER, "lb", PolicyPartsTest.lb("{'protocol':'Tcp','port':8080}"));
        List<String> nics = new ArrayList<>();
        java.util.Map<String, String> nicBodies = new java.util.HashMap<>();
        String pool = ",'loadBalancerBackendAddressPools':[{'id':'"
                + Fixture.id(ResourceType.LOAD_BALANCER, "lb").path() + "/backendAddressPools/pool'}]";
        int nicSeq = 0;
        for (int round = 0; round < 40; round++) {
            int changes = 1 + random.nextInt(12);
            for (int c = 0; c < changes; c++) {
                int what = random.nextInt(12);
                NodeId node = f.nodes.get(random.nextInt(f.nodes.size()));
                try {
                    if (what < 4 || nics.isEmpty()) {
                        String name = "nic-" + nicSeq++;
                        String body = nic(node.value(), random.nextBoolean() ? "v1" : "v2",
                                null, random.nextBoolean() ? "g" + random.nextInt(3) : null);
                        f.put(ResourceType.NETWORK_INTERFACE, name, body);
                        nics.add(name);
                        nicBodies.put(name, body);
                    } else if (what < 6) {
                        String name = nics.remove(random.nextInt(nics.size()));
                        nicBodies.remove(name);
                        f.core.delete(Fixture.id(ResourceType.NETWORK_INTERFACE, name), null);
                    } else if (what < 8) {
                        int g = random.nextInt(3);
                        f.put(ResourceType.NETWORK_SECURITY_GROUP, "g" + g, nsg(
                                rule("r", 100 + random.nextInt(50), "Inbound", random.nextBoolean() ? "Allow" : "Deny", "Tcp", "*"),
                                rule("s", 300, "Outbound", "Deny", "Udp", "10.0.0." + random.nextInt(200))));
                    } else if (what == 10) {
                        // A subnet's group comes or goes.
                        f.put(ResourceType.VIRTUAL_NETWORK, "v1", random.nextBoolean() ? vnet("10.0.0.0/16", "10.0.0.0/22")
                                : PolicyPartsTest.vnetWithGroup("g" + random.nextInt(3)));
                    } else if (what == 11 && !nics.isEmpty()) {
                        // A vNIC joins or leaves the load balancer's pool.
                        String name = nics.get(random.nextInt(nics.size()));
                        String body = nicBodies.get(name);
                        String next = body.contains(pool) ? body.replace(pool, "") : body.replace("}}]}}", pool + "}}]}}");
                        f.put(ResourceType.NETWORK_INTERFACE, name, next);
                        nicBodies.put(name, next);
                    } else if (what == 8) {
                        // A node fails (membership) and loses its state; or comes back.
                        if (f.upNodes().contains(node)) {
                            f.core.nodeDown(node);
                        } else {
                            f.core.nodeUp(node);
                        }
                    } else {
                        // The agent is unreachable for a while without membership noticing: it misses updates.
                        if (!f.agents.unreachable.remove(node)) {
                            f.agents.unreachable.add(node);
                        }
                    }
                } catch (FabricException e) {
                    throw new AssertionError("round " + round + ": " + e.getMessage(), e);
                }
            }
            // Quiet period: partitions heal, the periodic reconcile runs.
            f.agents.unreachable.clear();
            f.core.reconcile();
            for (NodePolicyStatus s : f.core.status()) {
                if (!s.up()) {
                    continue;
                }
                assertTrue(s.converged(), "round " + round + ": " + s);
                NodePolicy applied = f.agents.applied.getOrDefault(s.node(), NodePolicy.empty(s.node()));
                assertTrue(applied.sameContent(f.core.compileFromScratch(s.node())),
                        "round " + round + ": " + s.node() + " holds what a full recompute gives");
                assertEquals(s.desiredVersion(), applied.version() == 0 && s.desiredVersion() == 0 ? 0 : applied.version());
            }
            // Idempotent: another pass pushes nothing.
            int calls = f.agents.calls;
            assertEquals(0, f.core.reconcile());
            assertEquals(calls, f.agents.calls);
        }
        boolean anyInPool = nicBodies.values().stream().anyMatch(b -> b.contains(pool));
        assertTrue(anyInPool, "the run exercised the load balancer");
        assertTrue(f.nodes.stream().anyMatch(n -> !f.core.desired(n).loadBalancers().isEmpty()));
        // Every node returns: all converge.
        f.nodes.forEach(f.core::nodeUp);
        f.core.reconcile();
        assertTrue(f.core.status().stream().allMatch(NodePolicyStatus::converged), f.core.status().toString());
    }

    @Test
    void oneRuleChangeRecomputesOnlyTheNodesCarryingTheGroup() {
        Fixture f = new Fixture(8);
        f.put(ResourceType.VIRTUAL_NETWORK, "v1", vnet("10.0.0.0/16", "10.0.0.0/22"));
        f.put(ResourceType.NETWORK_SECURITY_GROUP, "g", nsg(rule("r", 100, "Inbound", "Allow", "Tcp", "*")));
        f.put(ResourceType.NETWORK_SECURITY_GROUP, "h", nsg(rule("r", 100, "Inbound", "Allow", "Tcp", "*")));
        f.put(ResourceType.NETWORK_INTERFACE, "a", nic("node-1", "v1", null, "g"));
        f.put(ResourceType.NETWORK_INTERFACE, "b", nic("node-2", "v1", null, "h"));
        f.put(ResourceType.NETWORK_INTERFACE, "c", nic("node-3", "v1", null, "h"));
        long before = f.core.recomputed();
        long v2 = f.core.desired(NodeId.of("node-2")).version();
        f.put(ResourceType.NETWORK_SECURITY_GROUP, "g", nsg(rule("r", 100, "Inbound", "Deny", "Tcp", "*")));
        assertEquals(1, f.core.recomputed() - before, "only node-1 carries g");
        assertEquals(f.core.version(), f.core.desired(NodeId.of("node-1")).version());
        assertEquals(v2, f.core.desired(NodeId.of("node-2")).version(), "node-2's policy did not change");
        assertTrue(f.agents.applied.get(NodeId.of("node-1")).securityGroups().get(0).rules().get(0).access()
                == fabric.api.network.Access.DENY);
    }
}
