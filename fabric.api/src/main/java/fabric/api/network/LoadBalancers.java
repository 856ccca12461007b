package fabric.api.network;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The software load balancer of the overlay: VIPs owned by a mux that spreads flows over healthy
 * backends by Maglev consistent hashing with per-flow affinity, host agents that NAT VIP to DIP and
 * return replies straight to the client (Direct Server Return), health probes and outbound SNAT.
 * Configuration is durable (journaled, replayed at start). Failing operations throw
 * {@link fabric.api.core.FabricException} and change nothing. Thread-safe.
 *
 * @since 1.1
 */
@ProviderType
public interface LoadBalancers {

    /**
     * Creates a load balancer, or replaces one of the same name; applying the spec it already has
     * changes nothing (flows keep their backends).
     *
     * @param spec the load balancer
     * @throws fabric.api.core.FabricException {@code NOT_FOUND} for an unknown network,
     *         {@code INVALID_ARGUMENT} for a VIP outside the frontend network or a backend port in
     *         another network, {@code ALREADY_EXISTS} for a VIP another load balancer or a port uses
     */
    void apply(LoadBalancerSpec spec);

    /**
     * Deletes a load balancer: its VIP stops answering, its NAT and SNAT rules go.
     *
     * @param name the load balancer
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}
     */
    void delete(String name);

    /** @return every load balancer, by name */
    List<LoadBalancerSpec> loadBalancers();

    /**
     * @param name a load balancer
     * @return its counters and backend health
     * @throws fabric.api.core.FabricException {@code NOT_FOUND}
     */
    LoadBalancerStatus status(String name);

    /**
     * Runs one round of health probes over every backend of every load balancer now (the fabric
     * also runs them periodically).
     *
     * @return how many (rule, backend) pairs changed health
     */
    int probe();
}
