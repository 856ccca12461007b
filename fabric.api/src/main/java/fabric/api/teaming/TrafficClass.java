package fabric.api.teaming;

import fabric.api.core.Names;
import java.util.List;

/**
 * A DCB traffic class: the 802.1p priorities it carries, its ETS share of each NIC's bandwidth under
 * contention, and whether PFC makes it lossless (senders are paused instead of frames dropped).
 *
 * @param name the class's name, such as {@code storage}
 * @param priorities the 802.1p priorities (0-7) mapped to it, at least one
 * @param bandwidthPercent its ETS share, 1-100
 * @param lossless true for PFC (back-pressure, no drop)
 */
public record TrafficClass(String name, List<Integer> priorities, int bandwidthPercent, boolean lossless) {

    /** Validates every part. */
    public TrafficClass {
        Names.require("trafficClass.name", name);
        priorities = List.copyOf(priorities);
        if (priorities.isEmpty()) {
            throw new IllegalArgumentException("traffic class " + name + " has no priority");
        }
        for (int p : priorities) {
            if (p < 0 || p > 7) {
                throw new IllegalArgumentException("traffic class " + name + ": priority " + p + " is not 0-7");
            }
        }
        if (bandwidthPercent < 1 || bandwidthPercent > 100) {
            throw new IllegalArgumentException("traffic class " + name + ": share " + bandwidthPercent + "% is not 1-100");
        }
    }
}
