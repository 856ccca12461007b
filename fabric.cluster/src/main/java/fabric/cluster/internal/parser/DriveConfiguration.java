package fabric.cluster.internal.parser;

import fabric.api.topology.DiskMedia;
import fabric.api.topology.DiskRole;
import fabric.api.topology.DiskSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many drives of each media and role a node has, such as {@code 2 nvme cache + 4 hdd capacity}.
 * Storage Spaces Direct needs the same configuration on every node of a scale unit.
 *
 * @param counts the number of drives per kind; kinds without drives are absent
 */
public record DriveConfiguration(Map<Kind, Integer> counts) {

    /**
     * A kind of drive: media and role. Ordered cache before capacity, then fastest media first.
     *
     * @param media the media
     * @param role the role
     */
    public record Kind(DiskMedia media, DiskRole role) implements Comparable<Kind> {
        @Override
        public int compareTo(Kind other) {
            int byRole = role.compareTo(other.role);
            return byRole != 0 ? byRole : media.compareTo(other.media);
        }
    }

    /** Copies the counts. */
    public DriveConfiguration {
        counts = Collections.unmodifiableMap(new TreeMap<>(counts));
    }

    /**
     * @param disks a node's disks
     * @return their configuration
     */
    public static DriveConfiguration of(List<DiskSpec> disks) {
        Map<Kind, Integer> counts = new TreeMap<>();
        for (DiskSpec d : disks) {
            counts.merge(new Kind(d.media(), d.role()), 1, Integer::sum);
        }
        return new DriveConfiguration(counts);
    }

    /** @return for example {@code 2 nvme cache + 4 hdd capacity}, or {@code no disks} */
    @Override
    public String toString() {
        if (counts.isEmpty()) {
            return "no disks";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((kind, n) -> parts.add(n + " " + JsonTopologyParser.spelling(kind.media()) + " "
                + JsonTopologyParser.spelling(kind.role())));
        return String.join(" + ", parts);
    }
}
