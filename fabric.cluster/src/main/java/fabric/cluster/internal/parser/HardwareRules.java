package fabric.cluster.internal.parser;

import fabric.api.topology.DiskMedia;
import fabric.api.topology.DiskRole;
import fabric.api.topology.DiskSpec;
import fabric.api.topology.NicSpec;
import java.util.List;

/**
 * The rules a node's hardware must follow to work as Storage Spaces Direct and Switch Embedded
 * Teaming expect. Each rule is checked on declarations whose own fields are valid.
 */
final class HardwareRules {

    /** The fewest NICs a node may have. */
    static final int MIN_NICS = 1;
    /** The most NICs a node may have (a SET team has at most eight members). */
    static final int MAX_NICS = 8;
    /** The fewest cache drives a node with a cache may have. */
    static final int MIN_CACHE_DRIVES = 2;

    private HardwareRules() {
    }

    /**
     * Checks a node's drives: at least one capacity drive; cache drives, if any, at least two and of
     * faster media than every capacity drive of the node; a node with drives of several media has a
     * cache (Storage Spaces Direct makes the fastest media the cache).
     *
     * @param disks the node's disks, all valid, in declared order
     * @param nodePath the node's path
     * @param violations where to report
     */
    static void checkDrives(List<DiskSpec> disks, String nodePath, Violations violations) {
        String disksPath = FieldPath.of(nodePath, "disks");
        List<DiskSpec> capacity = disks.stream().filter(d -> d.role() == DiskRole.CAPACITY).toList();
        List<DiskSpec> cache = disks.stream().filter(d -> d.role() == DiskRole.CACHE).toList();
        if (capacity.isEmpty()) {
            violations.add(disksPath, "a node needs at least one capacity disk"
                    + (disks.isEmpty() ? "; this one has no disks" : "; every disk of this one is a cache disk"));
        }
        if (!cache.isEmpty() && cache.size() < MIN_CACHE_DRIVES) {
            violations.add(disksPath, "a node with cache disks needs at least " + MIN_CACHE_DRIVES + " of them, not "
                    + cache.size() + ", so that losing one still leaves its capacity disks cached");
        }
        long mediaCount = disks.stream().map(DiskSpec::media).distinct().count();
        if (cache.isEmpty() && mediaCount > 1) {
            DiskSpec fastest = disks.stream().min((a, b) -> a.media().compareTo(b.media())).orElseThrow();
            violations.add(disksPath, "a node with disks of several media caches the slower ones with the fastest,"
                    + " but none is a cache disk; declare the " + JsonTopologyParser.spelling(fastest.media())
                    + " disks as cache");
        }
        DiskSpec fastestCapacity = capacity.stream()
                .min((a, b) -> a.media().compareTo(b.media())).orElse(null);
        for (int i = 0; i < disks.size(); i++) {
            DiskSpec d = disks.get(i);
            if (d.role() != DiskRole.CACHE) {
                continue;
            }
            String rolePath = FieldPath.of(FieldPath.at(disksPath, i), "role");
            if (d.media() == DiskMedia.HDD) {
                violations.add(rolePath, "an hdd cannot be a cache disk: a cache disk must be of faster media than"
                        + " the capacity disks behind it");
            } else if (fastestCapacity != null && d.media().compareTo(fastestCapacity.media()) >= 0) {
                violations.add(rolePath, "cache disk " + d.name() + " (" + JsonTopologyParser.spelling(d.media())
                        + ") is not faster than capacity disk " + fastestCapacity.name() + " ("
                        + JsonTopologyParser.spelling(fastestCapacity.media())
                        + "); a cache disk must be of faster media than every capacity disk of its node");
            }
        }
    }

    /**
     * Checks the number of a node's NICs.
     *
     * @param count how many NICs the node declares
     * @param nodePath the node's path
     * @param violations where to report
     */
    static void checkNicCount(int count, String nodePath, Violations violations) {
        if (count < MIN_NICS || count > MAX_NICS) {
            violations.add(FieldPath.of(nodePath, "nics"), "a node has " + MIN_NICS + " to " + MAX_NICS
                    + " NICs, not " + count);
        }
    }

    /**
     * Checks that a node's NICs are identical in speed and RDMA transport, as a Switch Embedded
     * Teaming team requires.
     *
     * @param nics the node's NICs, all valid, in declared order
     * @param nodePath the node's path
     * @param violations where to report
     */
    static void checkNicsIdentical(List<NicSpec> nics, String nodePath, Violations violations) {
        if (nics.isEmpty()) {
            return;
        }
        NicSpec first = nics.get(0);
        for (int i = 1; i < nics.size(); i++) {
            NicSpec n = nics.get(i);
            String nicPath = FieldPath.at(FieldPath.of(nodePath, "nics"), i);
            if (n.speedGbps() != first.speedGbps()) {
                violations.add(FieldPath.of(nicPath, "speedGbps"), n.name() + " runs at " + n.speedGbps()
                        + " Gbps but " + first.name() + " at " + first.speedGbps()
                        + " Gbps; Switch Embedded Teaming requires identical adapters");
            }
            if (n.rdma() != first.rdma()) {
                violations.add(FieldPath.of(nicPath, "rdma"), n.name() + " offers RDMA "
                        + JsonTopologyParser.spelling(n.rdma()) + " but " + first.name() + " "
                        + JsonTopologyParser.spelling(first.rdma())
                        + "; Switch Embedded Teaming requires identical adapters");
            }
        }
    }

    /**
     * Checks that a node has the same drives as the scale unit's reference node, as Storage Spaces
     * Direct requires.
     *
     * @param drives the node's drives
     * @param nodePath the node's path
     * @param reference the drives of the first node of the scale unit with valid disks
     * @param referenceName that node's name
     * @param violations where to report
     */
    static void checkSameDrives(DriveConfiguration drives, String nodePath, DriveConfiguration reference,
            String referenceName, Violations violations) {
        if (!drives.equals(reference)) {
            violations.add(FieldPath.of(nodePath, "disks"), "this node has " + drives + " but " + referenceName
                    + " has " + reference + "; Storage Spaces Direct needs the same drives in every node of a"
                    + " scale unit");
        }
    }
}
