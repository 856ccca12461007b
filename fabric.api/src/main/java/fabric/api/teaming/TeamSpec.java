package fabric.api.teaming;

import fabric.api.core.NodeId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A node's Switch Embedded Team: the NICs its virtual switch uses as uplinks, how it distributes
 * load over them, and the DCB traffic classes every uplink schedules. Priorities no class names go
 * to the first class.
 *
 * @param node the node
 * @param nics 1-8 NICs of the node, all of the same model and speed, no duplicates
 * @param distribution the load distribution
 * @param classes the traffic classes: ETS shares adding up to 100, each priority in at most one class
 */
public record TeamSpec(NodeId node, List<String> nics, LoadDistribution distribution, List<TrafficClass> classes) {

    /** The most NICs a team may have. */
    public static final int MAX_NICS = 8;

    /** Validates every part. */
    public TeamSpec {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(distribution, "distribution");
        nics = List.copyOf(nics);
        classes = List.copyOf(classes);
        if (nics.isEmpty() || nics.size() > MAX_NICS) {
            throw new IllegalArgumentException("team on " + node + ": " + nics.size() + " NICs; a team has 1-" + MAX_NICS);
        }
        if (new HashSet<>(nics).size() != nics.size()) {
            throw new IllegalArgumentException("team on " + node + " lists a NIC twice");
        }
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("team on " + node + " has no traffic class");
        }
        int total = 0;
        Set<Integer> seen = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (TrafficClass c : classes) {
            total += c.bandwidthPercent();
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("team on " + node + ": two classes are named " + c.name());
            }
            for (int p : c.priorities()) {
                if (!seen.add(p)) {
                    throw new IllegalArgumentException("team on " + node + ": priority " + p + " is in two classes");
                }
            }
        }
        if (total != 100) {
            throw new IllegalArgumentException("team on " + node + ": ETS shares add up to " + total + "%, not 100%");
        }
    }
}
