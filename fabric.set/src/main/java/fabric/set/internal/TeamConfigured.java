package fabric.set.internal;

import fabric.api.journal.EventType;
import fabric.api.teaming.LoadDistribution;
import fabric.api.teaming.TrafficClass;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's team was configured.
 *
 * @param node the node's name
 * @param nics the NICs, comma-separated
 * @param distribution the load distribution
 * @param classes the DCB classes ({@link #classes(List)}); absent (null) in records written before
 *        classes were recorded, which meant the default policy
 */
public record TeamConfigured(String node, String nics, LoadDistribution distribution, String classes) {

    /** The journal event type. */
    public static final EventType<TeamConfigured> TYPE = EventType.of("teaming.team-configured", TeamConfigured.class);

    /**
     * @param classes traffic classes
     * @return them as text: {@code name:priorities:share[:lossless]} separated by {@code ,},
     *         priorities separated by {@code .}
     */
    public static String classes(List<TrafficClass> classes) {
        StringBuilder b = new StringBuilder();
        for (TrafficClass c : classes) {
            b.append(b.length() == 0 ? "" : ",").append(c.name()).append(':');
            for (int i = 0; i < c.priorities().size(); i++) {
                b.append(i == 0 ? "" : ".").append(c.priorities().get(i));
            }
            b.append(':').append(c.bandwidthPercent()).append(c.lossless() ? ":lossless" : "");
        }
        return b.toString();
    }

    /**
     * @param text classes as {@link #classes(List)} writes them, or null
     * @return the classes ({@link TeamingComponent#DEFAULT_CLASSES} for null)
     * @throws IllegalArgumentException for text that does not make valid classes
     */
    public static List<TrafficClass> classes(String text) {
        if (text == null || text.isEmpty()) {
            return TeamingComponent.DEFAULT_CLASSES;
        }
        List<TrafficClass> list = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] f = part.split(":");
            if (f.length < 3 || f.length > 4 || (f.length == 4 && !f[3].equals("lossless"))) {
                throw new IllegalArgumentException("traffic class '" + part + "' is not name:priorities:share[:lossless]");
            }
            List<Integer> priorities = new ArrayList<>();
            for (String p : f[1].split("\\.")) {
                priorities.add(Integer.parseInt(p));
            }
            list.add(new TrafficClass(f[0], priorities, Integer.parseInt(f[2]), f.length == 4));
        }
        return list;
    }
}
