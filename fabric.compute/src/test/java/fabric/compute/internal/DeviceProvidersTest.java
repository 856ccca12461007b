package fabric.compute.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fabric.api.compute.GuestDevice;
import fabric.api.compute.GuestDeviceKind;
import fabric.api.compute.GuestDeviceProvider;
import fabric.api.compute.GuestEndpoint;
import fabric.api.compute.Hypervisor;
import fabric.api.compute.HypervisorCapacity;
import fabric.api.compute.VmSpec;
import fabric.api.core.ByteSize;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.compute.internal.hypervisor.EmbeddedHypervisor;
import fabric.compute.internal.hypervisor.MigrationModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceProvidersTest {

    private static final long LINK = 50_000_000_000L / 8;
    private final DeviceProviders providers = new DeviceProviders();
    private final Hypervisor a = providers.wrap(new EmbeddedHypervisor(NodeId.of("node-1"),
            new HypervisorCapacity(4, 2.0, 16L << 30), MigrationModel.DEFAULT, 0.02));
    private final Hypervisor b = providers.wrap(new EmbeddedHypervisor(NodeId.of("node-2"),
            new HypervisorCapacity(4, 2.0, 16L << 30), MigrationModel.DEFAULT, 0.02));
    private final List<String> log = new ArrayList<>();

    /** Gives every VM one vNIC per NIC name, refuses a NIC named "taken", and logs what it hears. */
    private final GuestDeviceProvider nics = new GuestDeviceProvider() {
        @Override
        public void check(VmSpec spec) {
            if (spec.nics().contains("taken")) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, "nic taken is taken");
            }
        }

        @Override
        public void guestDefined(GuestEndpoint endpoint, VmSpec spec) {
            log.add("defined " + spec.name() + " on " + endpoint.node());
            for (String nic : spec.nics()) {
                endpoint.attach(new GuestDevice() {
                    @Override
                    public String name() {
                        return nic;
                    }

                    @Override
                    public GuestDeviceKind kind() {
                        return GuestDeviceKind.NIC;
                    }

                    @Override
                    public void guestStarted(GuestEndpoint on) {
                        log.add(nic + " up on " + on.node());
                    }

                    @Override
                    public void guestStopped() {
                        log.add(nic + " down");
                    }
                });
            }
        }

        @Override
        public void guestUndefined(String vm, NodeId node) {
            log.add("undefined " + vm + " on " + node);
        }
    };

    private static VmSpec web(String... nics) {
        return VmSpec.of("web", 2, ByteSize.ofGiB(4)).withDevices(List.of(), List.of(nics));
    }

    @Test
    void providersAttachOnDefineFollowMigrationAndHearUndefine() {
        providers.add(nics);
        providers.check(web("eth0"));
        GuestEndpoint e = a.define(web("eth0"));
        assertSame(e, a.endpoint("web"));
        a.start("web");
        a.migrateOut("web", b, LINK);
        b.stop("web");
        b.undefine("web");
        assertEquals(List.of("defined web on node-1", "eth0 up on node-1", "eth0 down", "eth0 up on node-2",
                "eth0 down", "undefined web on node-2"), log, "a migration moves the devices without defining again");
    }

    @Test
    void aRefusedCheckThrowsAndARemovedProviderHearsNothing() {
        providers.add(nics);
        FabricException e = assertThrows(FabricException.class, () -> providers.check(web("eth0", "taken")));
        assertEquals(ErrorCode.FAILED_PRECONDITION, e.code());
        providers.remove(nics);
        providers.check(web("taken"));
        a.define(web("taken"));
        a.undefine("web");
        assertEquals(List.of(), log);
    }
}
