package fabric.api.storage;

import fabric.api.journal.EventType;
import java.util.Objects;

/** The journal events of the storage engine, one record each with its {@link EventType}. */
public final class StorageEvents {

    private StorageEvents() {
    }

    /**
     * A volume was created.
     *
     * @param scaleUnit its pool's scale unit
     * @param volume its name
     * @param resiliency its resiliency
     * @param layout its layout, such as {@code 4+2}
     * @param sizeBytes its size
     */
    public record VolumeCreated(String scaleUnit, String volume, Resiliency resiliency, String layout, long sizeBytes) {
        /** The event's type in the journal. */
        public static final EventType<VolumeCreated> TYPE = EventType.of("storage.volume-created", VolumeCreated.class);

        /** Validates every part. */
        public VolumeCreated {
            Objects.requireNonNull(scaleUnit, "scaleUnit");
            Objects.requireNonNull(volume, "volume");
            Objects.requireNonNull(resiliency, "resiliency");
            Objects.requireNonNull(layout, "layout");
        }
    }

    /**
     * A volume was deleted.
     *
     * @param scaleUnit its pool's scale unit
     * @param volume its name
     */
    public record VolumeDeleted(String scaleUnit, String volume) {
        /** The event's type in the journal. */
        public static final EventType<VolumeDeleted> TYPE = EventType.of("storage.volume-deleted", VolumeDeleted.class);

        /** Validates every part. */
        public VolumeDeleted {
            Objects.requireNonNull(scaleUnit, "scaleUnit");
            Objects.requireNonNull(volume, "volume");
        }
    }

    /**
     * A disk changed state.
     *
     * @param scaleUnit its pool's scale unit
     * @param node its node
     * @param disk its name
     * @param from the state before
     * @param to the state after
     * @param reason why, in words
     */
    public record DiskStateChanged(String scaleUnit, String node, String disk, DiskState from, DiskState to,
            String reason) {
        /** The event's type in the journal. */
        public static final EventType<DiskStateChanged> TYPE =
                EventType.of("storage.disk-state-changed", DiskStateChanged.class);

        /** Validates every part. */
        public DiskStateChanged {
            Objects.requireNonNull(scaleUnit, "scaleUnit");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(disk, "disk");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A scrub finished.
     *
     * @param scaleUnit its pool's scale unit
     * @param volume the volume
     * @param blocksChecked blocks verified
     * @param corruptBlocks corrupt blocks found
     * @param repairedBlocks corrupt blocks repaired
     * @param unrepairableBlocks corrupt blocks left
     */
    public record ScrubCompleted(String scaleUnit, String volume, long blocksChecked, long corruptBlocks,
            long repairedBlocks, long unrepairableBlocks) {
        /** The event's type in the journal. */
        public static final EventType<ScrubCompleted> TYPE = EventType.of("storage.scrub-completed", ScrubCompleted.class);

        /** Validates every part. */
        public ScrubCompleted {
            Objects.requireNonNull(scaleUnit, "scaleUnit");
            Objects.requireNonNull(volume, "volume");
        }
    }

    /**
     * A repair (resync and rebuild) finished.
     *
     * @param scaleUnit its pool's scale unit
     * @param volume the volume
     * @param regionsResynced stale regions resynced
     * @param columnsRebuilt columns rebuilt on another disk
     * @param regionsLeft stale regions left
     */
    public record RepairCompleted(String scaleUnit, String volume, long regionsResynced, long columnsRebuilt,
            long regionsLeft) {
        /** The event's type in the journal. */
        public static final EventType<RepairCompleted> TYPE = EventType.of("storage.repair-completed", RepairCompleted.class);

        /** Validates every part. */
        public RepairCompleted {
            Objects.requireNonNull(scaleUnit, "scaleUnit");
            Objects.requireNonNull(volume, "volume");
        }
    }
}
