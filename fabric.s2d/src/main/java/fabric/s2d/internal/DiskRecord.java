package fabric.s2d.internal;

import fabric.api.storage.DiskState;
import fabric.api.topology.DiskMedia;
import fabric.api.topology.DiskRole;
import java.util.BitSet;

/** A disk of a pool: what the metadata says of it and, at run time, its file and free extents. */
final class DiskRecord {

    final int index;
    final String node;
    final String name;
    final DiskMedia media;
    final DiskRole role;
    final long sizeBytes;
    final int extents;
    volatile DiskState state;
    volatile String reason;
    /** Extents holding a column, or freed but not yet committed as free. Guarded by the pool. */
    final BitSet used = new BitSet();
    /** Null when its file could not be opened. */
    volatile DiskFile file;

    DiskRecord(int index, String node, String name, DiskMedia media, DiskRole role, long sizeBytes, int extents,
            DiskState state, String reason) {
        this.index = index;
        this.node = node;
        this.name = name;
        this.media = media;
        this.role = role;
        this.sizeBytes = sizeBytes;
        this.extents = extents;
        this.state = state;
        this.reason = reason;
    }

    boolean online() {
        return state == DiskState.ONLINE && file != null;
    }

    int freeExtents() {
        return extents - used.cardinality();
    }

    String label() {
        return node + "/" + name;
    }
}
