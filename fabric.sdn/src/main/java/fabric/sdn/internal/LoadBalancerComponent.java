package fabric.sdn.internal;

import fabric.api.network.LoadBalancerSpec;
import fabric.api.network.LoadBalancerStatus;
import fabric.api.network.LoadBalancers;
import fabric.sdn.internal.slb.SoftwareLoadBalancer;
import fabric.sdn.internal.state.NetworkState;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The software load balancer of the {@link NetworkComponent}'s overlay, as the {@link LoadBalancers}
 * service: changes are journaled (and replayed with the rest of the network's state), and health
 * probes run every {@link NetworkConfig#probeSeconds()} seconds on their own thread.
 */
@Component(service = LoadBalancers.class, configurationPid = NetworkConfig.PID)
public final class LoadBalancerComponent implements LoadBalancers {

    private final SoftwareLoadBalancer slb;
    private final NetworkState state;
    private final ScheduledExecutorService prober;

    /**
     * @param network the overlay with its load balancer
     * @param config the probe interval
     */
    @Activate
    public LoadBalancerComponent(@Reference(name = "network") NetworkComponent network, NetworkConfig config) {
        this.slb = network.loadBalancer();
        this.state = network.state();
        if (config.probeSeconds() > 0) {
            prober = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fabric-sdn-probes");
                t.setDaemon(true);
                return t;
            });
            prober.scheduleWithFixedDelay(slb::probe, config.probeSeconds(), config.probeSeconds(), TimeUnit.SECONDS);
        } else {
            prober = null;
        }
    }

    @Deactivate
    void deactivate() {
        if (prober != null) {
            prober.shutdownNow();
        }
    }

    @Override
    public void apply(LoadBalancerSpec spec) {
        state.applyLoadBalancer(spec);
    }

    @Override
    public void delete(String name) {
        state.deleteLoadBalancer(name);
    }

    @Override
    public List<LoadBalancerSpec> loadBalancers() {
        return slb.specs();
    }

    @Override
    public LoadBalancerStatus status(String name) {
        return slb.status(name);
    }

    @Override
    public int probe() {
        return slb.probe();
    }
}
