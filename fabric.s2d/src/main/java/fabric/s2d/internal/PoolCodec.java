package fabric.s2d.internal;

import fabric.api.storage.DiskState;
import fabric.api.storage.Layout;
import fabric.api.storage.Resiliency;
import fabric.api.topology.DiskMedia;
import fabric.api.topology.DiskRole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Turns a pool's metadata into bytes and back. The format is versioned; the slot checksums it. */
final class PoolCodec {

    private static final int VERSION = 4;

    private PoolCodec() {
    }

    /** The decoded metadata of a pool. */
    record Snapshot(UUID poolId, Geometry geometry, boolean clean, List<DiskRecord> disks, List<VolumeRecord> volumes,
            List<CacheMap> caches) {
    }

    /**
     * The dirty blocks of one cache drive.
     *
     * @param diskIndex the cache drive
     * @param keys each block's key (capacity drive, extent, block)
     * @param slots each block's slot on the cache drive
     */
    record CacheMap(int diskIndex, long[] keys, int[] slots, long[] counters) {
    }

    static byte[] encode(UUID poolId, Geometry g, boolean clean, List<DiskRecord> disks, Iterable<VolumeRecord> volumes,
            List<CacheMap> caches) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(VERSION);
            out.writeLong(poolId.getMostSignificantBits());
            out.writeLong(poolId.getLeastSignificantBits());
            out.writeInt(g.extentBytes());
            out.writeInt(g.interleaveBytes());
            out.writeInt(g.regionBytes());
            out.writeInt(g.metadataSlotBytes());
            out.writeBoolean(clean);
            out.writeInt(disks.size());
            for (DiskRecord d : disks) {
                out.writeUTF(d.node);
                out.writeUTF(d.name);
                out.writeByte(d.media.ordinal());
                out.writeByte(d.role.ordinal());
                out.writeLong(d.sizeBytes);
                out.writeInt(d.extents);
                out.writeByte(d.state.ordinal());
                out.writeUTF(d.reason);
            }
            List<VolumeRecord> list = new ArrayList<>();
            volumes.forEach(list::add);
            java.util.IdentityHashMap<SlabRecord, Integer> ids = new java.util.IdentityHashMap<>();
            out.writeInt(list.size());
            for (VolumeRecord v : list) {
                out.writeUTF(v.name);
                out.writeByte(v.resiliency.ordinal());
                out.writeByte(v.layout.dataColumns());
                out.writeByte(v.layout.redundancyColumns());
                out.writeLong(v.sizeBytes);
                out.writeInt(v.slabs.length);
                int allocated = 0;
                for (SlabRecord s : v.slabs) {
                    allocated += s == null ? 0 : 1;
                }
                out.writeBoolean(v.rotated);
                out.writeUTF(v.tierOf == null ? "" : v.tierOf);
                out.writeInt(v.mirrorSlot == null ? -1 : v.mirrorSlot.length);
                if (v.mirrorSlot != null) {
                    for (int slot : v.mirrorSlot) {
                        out.writeInt(slot);
                    }
                }
                out.writeInt(allocated);
                for (int i = 0; i < v.slabs.length; i++) {
                    SlabRecord s = v.slabs[i];
                    if (s == null) {
                        continue;
                    }
                    out.writeInt(i);
                    Integer shared = ids.get(s);
                    if (shared != null) {
                        out.writeInt(shared);
                        continue;
                    }
                    out.writeInt(-1);
                    ids.put(s, ids.size());
                    for (int c = 0; c < s.disks.length; c++) {
                        out.writeShort(s.disks[c]);
                        out.writeInt(s.extents[c]);
                        writeBits(out, s.stale[c]);
                    }
                    writeBits(out, s.written);
                    writeBits(out, s.pending);
                    out.writeFloat((float) s.heat);
                    out.writeBoolean(s.hot);
                }
            }
            out.writeInt(caches.size());
            for (CacheMap m : caches) {
                out.writeShort(m.diskIndex());
                out.writeInt(m.keys().length);
                for (int i = 0; i < m.keys().length; i++) {
                    out.writeLong(m.keys()[i]);
                    out.writeInt(m.slots()[i]);
                }
                for (int i = 0; i < BlockCache.COUNTERS; i++) {
                    out.writeLong(m.counters()[i]);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBits(DataOutputStream out, long[] bits) throws IOException {
        if (!SlabRecord.any(bits)) {
            out.writeByte(0);
            return;
        }
        out.writeByte(1);
        for (long w : bits) {
            out.writeLong(w);
        }
    }

    private static void readBits(DataInputStream in, long[] bits) throws IOException {
        if (in.readByte() != 0) {
            for (int i = 0; i < bits.length; i++) {
                bits[i] = in.readLong();
            }
        }
    }

    static Snapshot decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        int version = in.readInt();
        if (version < 1 || version > VERSION) {
            throw new IOException("pool metadata version " + version + " is not " + VERSION);
        }
        UUID id = new UUID(in.readLong(), in.readLong());
        Geometry g = new Geometry(in.readInt(), in.readInt(), in.readInt(), in.readInt());
        boolean clean = in.readBoolean();
        int diskCount = in.readInt();
        List<DiskRecord> disks = new ArrayList<>(diskCount);
        for (int i = 0; i < diskCount; i++) {
            disks.add(new DiskRecord(i, in.readUTF(), in.readUTF(), DiskMedia.values()[in.readByte()],
                    DiskRole.values()[in.readByte()], in.readLong(), in.readInt(), DiskState.values()[in.readByte()],
                    in.readUTF()));
        }
        int volumeCount = in.readInt();
        List<VolumeRecord> volumes = new ArrayList<>(volumeCount);
        List<SlabRecord> byId = new ArrayList<>();
        for (int i = 0; i < volumeCount; i++) {
            String name = in.readUTF();
            Resiliency r = Resiliency.values()[in.readByte()];
            Layout layout = new Layout(in.readByte(), in.readByte());
            long size = in.readLong();
            VolumeRecord v = new VolumeRecord(name, r, layout, size, in.readInt());
            if (version >= 2) {
                v.rotated = in.readBoolean();
                String tierOf = in.readUTF();
                v.tierOf = tierOf.isEmpty() ? null : tierOf;
                int units = in.readInt();
                if (units >= 0) {
                    v.mirrorSlot = new int[units];
                    for (int u = 0; u < units; u++) {
                        v.mirrorSlot[u] = in.readInt();
                    }
                }
            }
            int allocated = in.readInt();
            for (int a = 0; a < allocated; a++) {
                int index = in.readInt();
                int shared = in.readInt();
                if (shared >= 0) {
                    SlabRecord s = byId.get(shared);
                    s.refs++;
                    v.slabs[index] = s;
                    continue;
                }
                SlabRecord s = new SlabRecord(layout.columns(), g.regionsPerExtent());
                byId.add(s);
                v.slabs[index] = s;
                for (int c = 0; c < layout.columns(); c++) {
                    s.disks[c] = in.readShort();
                    s.extents[c] = in.readInt();
                    readBits(in, s.stale[c]);
                }
                readBits(in, s.written);
                if (version >= 3) {
                    readBits(in, s.pending);
                }
                if (version >= 2) {
                    s.heat = in.readFloat();
                    s.hot = in.readBoolean();
                }
            }
            volumes.add(v);
        }
        List<CacheMap> caches = new ArrayList<>();
        if (version >= 2) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                int disk = in.readShort();
                int n = in.readInt();
                long[] keys = new long[n];
                int[] slots = new int[n];
                for (int j = 0; j < n; j++) {
                    keys[j] = in.readLong();
                    slots[j] = in.readInt();
                }
                long[] counters = new long[BlockCache.COUNTERS];
                for (int j = 0; version >= 4 && j < counters.length; j++) {
                    counters[j] = in.readLong();
                }
                caches.add(new CacheMap(disk, keys, slots, counters));
            }
        }
        return new Snapshot(id, g, clean, disks, volumes, caches);
    }
}
