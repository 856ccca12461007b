package fabric.compute.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.compute.testing.Harness;
import org.junit.jupiter.api.Test;

/** The vm: and fabric:drain-node commands on compute built by hand. */
class VmCommandsTest {

    private final Harness h = Harness.demo();
    private final VmCommands vm = new VmCommands(h.compute);
    private final DrainCommand drain = new DrainCommand(h.compute);

    private String create(String name, String cpu, String mem, String avset) {
        return vm.create(cpu, mem, avset, "medium", "", "", "os,data", "nic-a", name);
    }

    @Test
    void createListExplainDrain() {
        assertEquals("availability set web: 3 fault domains, 5 update domains\n", vm.avsetCreate("3", "5", "web"));
        assertEquals("vm web-1: RUNNING on node-1 (2 vCPU, 4 GiB, avset web fd 0 ud 0)\n", create("web-1", "2", "4g", "web"));
        create("web-2", "2", "512m", "web");
        String list = vm.list();
        assertTrue(list.startsWith("NAME   STATE    NODE    VCPU  MEMORY   AVSET  FD/UD  PRIORITY"), list);
        assertTrue(list.contains("web-2  RUNNING  node-2  2     512 MiB  web    1/1    medium"), list);
        String explain = vm.explain("web-1");
        for (int i = 1; i <= 4; i++) {
            assertTrue(explain.contains("node-" + i), explain);
        }
        assertTrue(vm.show("web-1").contains("disks      os, data"), vm.show("web-1"));
        String drained = drain.drainNode("node-1");
        assertTrue(drained.startsWith("drained node-1: 1 VM moved; node-1 is in MAINTENANCE"), drained);
        assertTrue(drained.contains("web-1  node-1  node-3  2"), drained);
        assertTrue(vm.avsetList().contains("web   3   5   2        node-2=1, node-3=1"), vm.avsetList());
        assertTrue(vm.migrate("web-1", "node-4").startsWith("vm web-1: node-3 -> node-4, live, 2 pre-copy rounds"));
    }

    @Test
    void badOptionsAreOneLineAndNameTheOption() {
        assertEquals("mem", refused(() -> create("a", "1", "lots", "")));
        assertEquals("cpu", refused(() -> create("a", "two", "1g", "")));
        assertEquals("priority", refused(() -> vm.create("1", "1g", "", "urgent", "", "", "", "", "a")));
        assertEquals("nic", refused(() -> vm.create("1", "1g", "", "low", "", "", "", "Nic_A", "a")));
        assertEquals("no VMs\n", vm.list());
    }

    private static String refused(Runnable command) {
        FabricException e = assertThrows(FabricException.class, command::run);
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertFalse(e.getMessage().contains("\n"));
        return e.violations().get(0).field();
    }
}
