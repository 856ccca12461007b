package fabric.api.network;

import java.util.List;

/**
 * One load-balancing rule's state.
 *
 * @param rule the rule's name
 * @param packets client packets to the VIP's port the mux forwarded to a backend
 * @param backends each backend's health, in pool order
 */
public record RuleStatus(String rule, long packets, List<BackendHealth> backends) {

    /** Copies the list. */
    public RuleStatus {
        backends = List.copyOf(backends);
    }
}
