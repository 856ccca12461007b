package fabric.compute.internal;

import fabric.api.compute.GuestDeviceProvider;
import fabric.api.compute.GuestEndpoint;
import fabric.api.compute.Hypervisor;
import fabric.api.compute.HypervisorCapacity;
import fabric.api.compute.HypervisorListener;
import fabric.api.compute.MigrationReport;
import fabric.api.compute.VmSpec;
import fabric.api.core.NodeId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The {@link GuestDeviceProvider}s compute tells about VMs, and the driver wrapper that tells them:
 * after a driver defines a VM every provider attaches its devices, after it undefines one every
 * provider lets go. Live migration is left alone (the drivers move the devices).
 */
final class DeviceProviders {

    private final List<GuestDeviceProvider> providers = new CopyOnWriteArrayList<>();

    void add(GuestDeviceProvider provider) {
        providers.add(provider);
    }

    void remove(GuestDeviceProvider provider) {
        providers.remove(provider);
    }

    /** Asks every provider to check a VM before it is created. */
    void check(VmSpec spec) {
        for (GuestDeviceProvider p : providers) {
            p.check(spec);
        }
    }

    /** @return the drivers, each wrapped so that providers hear of definitions */
    Function<fabric.api.topology.NodeSpec, Hypervisor> wrap(Function<fabric.api.topology.NodeSpec, Hypervisor> drivers) {
        return node -> wrap(drivers.apply(node));
    }

    /**
     * @param driver a driver
     * @return the driver, wrapped so that providers hear of its definitions
     */
    Hypervisor wrap(Hypervisor driver) {
        return new Wrapped(driver);
    }

    /** Offers a VM defined before the provider arrived. */
    static void offer(GuestDeviceProvider provider, GuestEndpoint endpoint, VmSpec spec) {
        provider.guestDefined(endpoint, spec);
    }

    private final class Wrapped implements Hypervisor {

        private final Hypervisor driver;

        Wrapped(Hypervisor driver) {
            this.driver = driver;
        }

        @Override
        public NodeId node() {
            return driver.node();
        }

        @Override
        public HypervisorCapacity capacity() {
            return driver.capacity();
        }

        @Override
        public GuestEndpoint define(VmSpec spec) {
            GuestEndpoint endpoint = driver.define(spec);
            for (GuestDeviceProvider p : providers) {
                p.guestDefined(endpoint, spec);
            }
            return endpoint;
        }

        @Override
        public void redefine(VmSpec spec) {
            driver.redefine(spec);
        }

        @Override
        public void undefine(String vm) {
            driver.undefine(vm);
            for (GuestDeviceProvider p : providers) {
                p.guestUndefined(vm, driver.node());
            }
        }

        @Override
        public void start(String vm) {
            driver.start(vm);
        }

        @Override
        public void stop(String vm) {
            driver.stop(vm);
        }

        @Override
        public MigrationReport migrateOut(String vm, Hypervisor target, long linkBytesPerSecond) {
            return driver.migrateOut(vm, target, linkBytesPerSecond);
        }

        @Override
        public GuestEndpoint migrateIn(VmSpec spec, MigrationReport report) {
            return driver.migrateIn(spec, report);
        }

        @Override
        public GuestEndpoint endpoint(String vm) {
            return driver.endpoint(vm);
        }

        @Override
        public void addListener(HypervisorListener listener) {
            driver.addListener(listener);
        }

        @Override
        public void removeListener(HypervisorListener listener) {
            driver.removeListener(listener);
        }
    }
}
