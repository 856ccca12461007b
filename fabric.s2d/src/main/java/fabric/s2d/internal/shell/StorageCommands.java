package fabric.s2d.internal.shell;

import fabric.api.core.ByteSize;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.storage.CacheStatus;
import fabric.api.storage.DiskStatus;
import fabric.api.storage.MaintenanceImpact;
import fabric.api.storage.NbdExport;
import fabric.api.storage.Progress;
import fabric.api.storage.RepairReport;
import fabric.api.storage.Resiliency;
import fabric.api.storage.ResyncStatus;
import fabric.api.storage.ScrubReport;
import fabric.api.storage.StoragePool;
import fabric.api.storage.StorageService;
import fabric.api.storage.VolumeSpec;
import fabric.api.storage.VolumeImpact;
import fabric.api.storage.VolumeStatus;
import fabric.shell.Table;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code storage:} shell commands: pools, disks, volumes, fault injection, scrub, repair and
 * NBD exports. Each returns its report as text and throws {@link FabricException} with a one-line
 * message when refused; a refused command changes nothing. {@link StorageCommandAliases} adds the
 * hyphenated names ({@code volume-create} for {@code volumeCreate}).
 */
@Component(service = StorageCommands.class)
@GogoCommand(scope = "storage", function = {"pool", "disks", "volumes", "volumeCreate", "volumeList", "volumeShow",
    "volumeDelete", "volumeClone", "cloneRange", "failDisk", "returnDisk", "retireDisk", "replaceDisk", "maintenance", "scrub", "repair",
    "rebuild", "export", "unexport", "exports", "impact", "resync", "cache"})
public final class StorageCommands {

    private final StorageService storage;
    private final PrintStream progressOut;

    /** @param storage the storage engine */
    @Activate
    public StorageCommands(@Reference(name = "storage") StorageService storage) {
        this(storage, null);
    }

    StorageCommands(StorageService storage, PrintStream progressOut) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.progressOut = progressOut;
    }

    private StoragePool firstPool() {
        if (storage.pools().isEmpty()) {
            throw FabricException.notFound("storage pool", "any");
        }
        return storage.pools().get(0);
    }

    private StoragePool poolOfVolume(String volume) {
        for (StoragePool p : storage.pools()) {
            if (p.volumes().stream().anyMatch(v -> v.name().equals(volume))) {
                return p;
            }
        }
        throw FabricException.notFound("volume", volume);
    }

    private StoragePool poolOfNode(String node) {
        for (StoragePool p : storage.pools()) {
            if (p.disks().stream().anyMatch(d -> d.node().equals(node))) {
                return p;
            }
        }
        throw FabricException.notFound("node with disks", node);
    }

    /** @return every pool with its disks and volumes at a glance */
    @Descriptor("shows each storage pool: fault domains, capacity, disks by state and volumes by health")
    public String pool() {
        StringBuilder out = new StringBuilder();
        for (StoragePool p : storage.pools()) {
            long size = 0;
            long used = 0;
            int online = 0;
            int capacity = 0;
            for (DiskStatus d : p.disks()) {
                if (d.role() == fabric.api.topology.DiskRole.CAPACITY) {
                    capacity++;
                    size += d.sizeBytes();
                    used += d.usedBytes();
                    online += d.state() == fabric.api.storage.DiskState.ONLINE ? 1 : 0;
                }
            }
            out.append("pool ").append(p.scaleUnit().value()).append(": ").append(p.faultDomains())
                    .append(" fault domains, ").append(online).append(" of ").append(capacity)
                    .append(" capacity disks online, ").append(ByteSize.ofBytes(used)).append(" of ")
                    .append(ByteSize.ofBytes(size)).append(" used, ").append(p.volumes().size())
                    .append(p.volumes().size() == 1 ? " volume\n" : " volumes\n");
        }
        return out.toString();
    }

    /** @return every disk of every pool */
    @Descriptor("lists every disk of every pool: node, media, role, size, used, state and why")
    public String disks() {
        Table t = new Table("NODE", "DISK", "MEDIA", "ROLE", "SIZE", "USED", "STATE", "REASON");
        for (StoragePool p : storage.pools()) {
            for (DiskStatus d : p.disks()) {
                t.row(d.node(), d.name(), d.media(), d.role(), ByteSize.ofBytes(d.sizeBytes()),
                        ByteSize.ofBytes(d.usedBytes()), d.state(), d.reason());
            }
        }
        return t.render(0);
    }

    /** @return every volume */
    @Descriptor("lists every volume: resiliency, layout, size, efficiency, health")
    public String volumes() {
        Table t = new Table("VOLUME", "POOL", "RESILIENCY", "LAYOUT", "SIZE", "ALLOCATED", "EFFICIENCY", "HEALTH");
        for (StoragePool p : storage.pools()) {
            for (VolumeStatus v : p.volumes()) {
                t.row(v.name(), p.scaleUnit().value(), v.resiliency(), v.layout(), ByteSize.ofBytes(v.sizeBytes()),
                        ByteSize.ofBytes(v.allocatedSlabs() * v.slabBytes()),
                        String.format(Locale.ROOT, "%.0f%%", v.efficiency() * 100), v.health());
            }
        }
        return t.render(0);
    }

    /** @return every volume */
    @Descriptor("lists every volume (same as volumes)")
    public String volumeList() {
        return volumes();
    }

    /**
     * @param name the new volume's name
     * @param resiliency its resiliency
     * @param size its size
     * @return the new volume
     */
    @Descriptor("creates a volume in the first pool")
    public String volumeCreate(@Descriptor("volume name") String name,
            @Descriptor("two-way-mirror, three-way-mirror, single-parity, dual-parity or mirror-accelerated-parity") String resiliency,
            @Descriptor("size, such as 10GiB") String size) {
        Resiliency r = resiliency(resiliency);
        long bytes;
        try {
            bytes = ByteSize.parse(size).bytes();
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid("size", e.getMessage());
        }
        VolumeSpec spec;
        try {
            spec = new VolumeSpec(name, r, bytes);
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid("volume", e.getMessage());
        }
        return "created " + show(firstPool().createVolume(spec));
    }

    static Resiliency resiliency(String text) {
        String key = text == null ? "" : text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Resiliency r : Resiliency.values()) {
            if (r.name().equals(key)) {
                return r;
            }
        }
        throw FabricException.invalid("resiliency", "'" + text
                + "' is not one of two-way-mirror, three-way-mirror, single-parity, dual-parity, mirror-accelerated-parity");
    }

    /**
     * @param name a volume
     * @return it in full
     */
    @Descriptor("shows one volume in full: layout, footprint, stale bytes, health and why")
    public String volumeShow(@Descriptor("volume name") String name) {
        return show(poolOfVolume(name).volume(name));
    }

    private static String show(VolumeStatus v) {
        return "volume " + v.name() + ": " + v.resiliency() + " " + v.layout() + ", " + ByteSize.ofBytes(v.sizeBytes())
                + ", slabs of " + ByteSize.ofBytes(v.slabBytes()) + ", " + v.allocatedSlabs() + " allocated, footprint "
                + ByteSize.ofBytes(v.footprintBytes()) + String.format(Locale.ROOT, " (efficiency %.0f%%)",
                        v.efficiency() * 100)
                + ", stale " + ByteSize.ofBytes(v.staleBytes()) + ", " + v.health()
                + (v.reason().isEmpty() ? "" : " (" + v.reason() + ")") + "\n";
    }

    /**
     * @param name a volume
     * @return what was deleted
     */
    @Descriptor("deletes a volume and gives its slabs back to the pool")
    public String volumeDelete(@Descriptor("volume name") String name) {
        for (NbdExport e : storage.exports()) {
            if (e.volume().equals(name)) {
                throw new FabricException(fabric.api.core.ErrorCode.FAILED_PRECONDITION, "volume " + name
                        + " is exported; unexport it first");
            }
        }
        poolOfVolume(name).deleteVolume(name);
        return "deleted volume " + name + "\n";
    }

    /**
     * @param source a volume
     * @param name the clone's name
     * @return the clone
     */
    @Descriptor("clones a volume by block cloning: slabs are shared copy on write, so the clone is instant")
    public String volumeClone(@Descriptor("source volume name") String source, @Descriptor("clone name") String name) {
        return "cloned " + show(poolOfVolume(source).cloneVolume(source, name));
    }

    /**
     * @param source the source volume
     * @param sourceOffset where the range starts in it
     * @param target the target volume
     * @param targetOffset where it goes
     * @param length its length
     * @return what was cloned
     */
    @Descriptor("clones a byte range between volumes: whole slabs shared copy on write, the rest copied")
    public String cloneRange(@Descriptor("source volume") String source, @Descriptor("source offset, such as 1GiB")
            String sourceOffset, @Descriptor("target volume") String target,
            @Descriptor("target offset") String targetOffset, @Descriptor("length, such as 256MiB") String length) {
        long from = bytes("source offset", sourceOffset);
        long to = bytes("target offset", targetOffset);
        long len = bytes("length", length);
        StoragePool pool = poolOfVolume(source);
        pool.cloneRange(source, from, target, to, len);
        return "cloned " + ByteSize.ofBytes(len) + " of " + source + " at " + from + " to " + target + " at " + to + "\n";
    }

    private static long bytes(String field, String text) {
        try {
            return ByteSize.parse(text).bytes();
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid(field, e.getMessage());
        }
    }

    /**
     * @param node a node
     * @param disk a disk of it
     * @return the disk after
     */
    @Descriptor("fails a disk (fault injection): its columns go stale where written and are resynced when it returns")
    public String failDisk(@Descriptor("node name") String node, @Descriptor("disk name") String disk) {
        poolOfNode(node).failDisk(NodeId.of(node), disk, "failed by an operator");
        return disk(node, disk);
    }

    /**
     * @param node a node
     * @param disk a disk of it
     * @return the disk after
     */
    @Descriptor("returns a failed disk; repair then resyncs what it missed")
    public String returnDisk(@Descriptor("node name") String node, @Descriptor("disk name") String disk) {
        poolOfNode(node).returnDisk(NodeId.of(node), disk);
        return disk(node, disk);
    }

    /**
     * @param node a node
     * @param disk a disk of it
     * @return the disk after
     */
    @Descriptor("declares a disk permanently lost; repair rebuilds its columns in other fault domains")
    public String retireDisk(@Descriptor("node name") String node, @Descriptor("disk name") String disk) {
        poolOfNode(node).retireDisk(NodeId.of(node), disk);
        return disk(node, disk);
    }

    /**
     * @param node a node
     * @param disk a disk of it
     * @return the disk after
     */
    @Descriptor("replaces a failed or retired disk with a new empty one; repair rebuilds onto it")
    public String replaceDisk(@Descriptor("node name") String node, @Descriptor("disk name") String disk) {
        poolOfNode(node).replaceDisk(NodeId.of(node), disk);
        return disk(node, disk);
    }

    private String disk(String node, String disk) {
        for (DiskStatus d : poolOfNode(node).disks()) {
            if (d.node().equals(node) && d.name().equals(disk)) {
                return "disk " + node + "/" + disk + ": " + d.state() + (d.reason().isEmpty() ? "" : " (" + d.reason() + ")")
                        + "\n";
            }
        }
        throw FabricException.notFound("disk", node + "/" + disk);
    }

    /**
     * @param node a node
     * @param onOff {@code on} or {@code off}
     * @return the node's disks after
     */
    @Descriptor("puts a node's disks into storage maintenance (on) or takes them out (off); refused when a volume would go offline")
    public String maintenance(@Descriptor("node name") String node, @Descriptor("on or off") String onOff) {
        boolean on = switch (onOff == null ? "" : onOff.strip().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw FabricException.invalid("mode", "'" + onOff + "' is not on or off");
        };
        poolOfNode(node).maintenance(NodeId.of(node), on);
        return "node " + node + " storage maintenance " + (on ? "on" : "off") + "\n";
    }

    /**
     * @param name a volume
     * @return what the scrub found
     */
    @Descriptor("verifies every block of a volume, repairs corruption from redundancy, with a progress bar")
    public String scrub(@Descriptor("volume name") String name) {
        ScrubReport r = poolOfVolume(name).scrub(name, progress("scrub " + name));
        return "scrubbed " + name + ": " + r.blocksChecked() + " blocks checked, " + r.corruptBlocks() + " corrupt, "
                + r.repairedBlocks() + " repaired, " + r.unrepairableBlocks() + " unrepairable, " + r.parityFixed()
                + " parity/copies reconciled\n";
    }

    /**
     * @param name a volume
     * @return what the repair did
     */
    @Descriptor("resyncs stale regions and rebuilds columns of retired disks, with a progress bar")
    public String repair(@Descriptor("volume name") String name) {
        RepairReport r = poolOfVolume(name).repair(name, progress("repair " + name));
        return "repaired " + name + ": " + r.regionsResynced() + " regions resynced, " + r.columnsRebuilt()
                + " columns rebuilt, " + ByteSize.ofBytes(r.bytesWritten()) + " written, " + r.regionsLeft()
                + " regions left\n" + show(poolOfVolume(name).volume(name));
    }

    /**
     * @param name a volume
     * @return what the repair did
     */
    @Descriptor("rebuilds a volume (same as repair)")
    public String rebuild(@Descriptor("volume name") String name) {
        return repair(name);
    }

    /**
     * @param node a node
     * @return what taking its disks away would do, with resync estimates
     */
    @Descriptor("what taking a node's disks away would do: per volume the slabs on it, those left without redundancy"
            + " or offline, bytes on it, the write rate and resync estimates (changes nothing)")
    public String impact(@Descriptor("node name") String node) {
        MaintenanceImpact m = poolOfNode(node).maintenanceImpact(NodeId.of(node));
        Table t = new Table("VOLUME", "RESILIENCY", "SLABS", "ON NODE", "NO REDUNDANCY", "OFFLINE", "BYTES ON NODE");
        for (VolumeImpact v : m.volumes()) {
            t.row(v.volume(), v.resiliency(), v.slabs(), v.slabsOnNode(), v.slabsWithoutRedundancy(), v.slabsOffline(),
                    ByteSize.ofBytes(v.bytesOnNode()));
        }
        StringBuilder out = new StringBuilder();
        out.append("node ").append(node).append(": ").append(ByteSize.ofBytes(m.bytesOnNode())).append(" written on it of ")
                .append(ByteSize.ofBytes(m.poolWrittenBytes())).append(" in the pool; writes ")
                .append(ByteSize.ofBytes(m.columnWriteBytesPerSecond())).append("/s (column bytes, last minute)\n");
        out.append(t.render(2));
        out.append(m.offlineRisk() ? "OFFLINE RISK: a volume would go offline without this node\n"
                : "no volume would go offline without this node\n");
        for (Duration d : new Duration[] {Duration.ofMinutes(10), Duration.ofHours(1)}) {
            out.append("after ").append(words(d)).append(" away: about ").append(ByteSize.ofBytes(m.resyncBytesAfter(d)))
                    .append(" to resync, ").append(words(m.resyncEstimate(d))).append('\n');
        }
        out.append(resync(m.resync()));
        return out.toString();
    }

    /** @return every cache drive with its binding and figures */
    @Descriptor("lists the cache drives: the capacity drives each caches, used and dirty bytes, read hits and misses,"
            + " destaged, promoted (hot slabs) and written-through bytes")
    public String cache() {
        Table t = new Table("NODE", "CACHE", "MEDIA", "FOR", "SIZE", "USED", "DIRTY", "HITS", "MISSES", "DESTAGED",
                "PROMOTED", "THROUGH", "STATE");
        StringBuilder out = new StringBuilder();
        for (StoragePool p : storage.pools()) {
            long hot = 0;
            for (CacheStatus c : p.caches()) {
                t.row(c.node(), c.disk(), c.media(), c.boundTo().isEmpty() ? "-" : String.join(",", c.boundTo()),
                        ByteSize.ofBytes(c.capacityBytes()), ByteSize.ofBytes(c.usedBytes()),
                        ByteSize.ofBytes(c.dirtyBytes()), ByteSize.ofBytes(c.readHitBytes()),
                        ByteSize.ofBytes(c.readMissBytes()), ByteSize.ofBytes(c.destagedBytes()),
                        ByteSize.ofBytes(c.promotedBytes()), ByteSize.ofBytes(c.writeThroughBytes()), c.state());
                hot = c.hotSlabs();
            }
            out.append("pool ").append(p.scaleUnit().value()).append(": ").append(hot).append(" hot slabs in the cache tier\n");
        }
        return t.render(0) + out;
    }

    /** @return the resync work of every pool */
    @Descriptor("the resync work of each pool: bytes pending, the rate (measured by repairs or assumed) and the estimate")
    public String resync() {
        StringBuilder out = new StringBuilder();
        for (StoragePool p : storage.pools()) {
            out.append("pool ").append(p.scaleUnit().value()).append(": ").append(resync(p.resync()));
        }
        return out.toString();
    }

    private static String resync(ResyncStatus r) {
        return "resync pending " + ByteSize.ofBytes(r.bytesPending()) + " at " + ByteSize.ofBytes(r.bytesPerSecond())
                + "/s (" + (r.measured() ? "measured" : "assumed") + "), about " + words(r.estimate()) + "\n";
    }

    private static String words(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return d.isZero() ? "0s" : s == 0 ? "<1s" : s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        }
        return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
    }

    private Progress progress(String what) {
        PrintStream out = progressOut != null ? progressOut : System.out;
        return (done, total) -> {
            int width = 30;
            int filled = total == 0 ? width : (int) (done * width / total);
            out.print("\r" + what + " [" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total
                    + " slabs" + (done == total ? "\n" : ""));
            out.flush();
        };
    }

    /**
     * @param name a volume
     * @return the export's address
     */
    @Descriptor("serves a volume over NBD on the loopback address")
    public String export(@Descriptor("volume name") String name) {
        StoragePool p = poolOfVolume(name);
        return "exported " + storage.export(p.scaleUnit(), name).uri() + "\n";
    }

    /**
     * @param name an export
     * @return what was withdrawn
     */
    @Descriptor("stops serving a volume over NBD")
    public String unexport(@Descriptor("export name") String name) {
        storage.unexport(name);
        return "unexported " + name + "\n";
    }

    /** @return every export */
    @Descriptor("lists the NBD exports")
    public String exports() {
        Table t = new Table("EXPORT", "POOL", "VOLUME", "URI");
        for (NbdExport e : storage.exports()) {
            t.row(e.name(), e.scaleUnit(), e.volume(), e.uri());
        }
        return t.render(0);
    }
}
