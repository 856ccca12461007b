package fabric.cluster.internal.membership;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.topology.NodeStateChanged;
import fabric.api.topology.ScaleUnitSpec;

/**
 * Rebuilds membership from the journal at start-up: each node's last state and each witness's
 * last availability. Events about nodes or witnesses the topology no longer declares are ignored.
 */
final class JournalReplay {

    private final RegionIndex index;
    private MembershipSnapshot snapshot;

    private JournalReplay(RegionIndex index, MembershipSnapshot initial) {
        this.index = index;
        this.snapshot = initial;
    }

    /**
     * @param journal the journal to read from its start
     * @param index the declared region
     * @param initial the state before any event
     * @return the state after every event
     * @throws FabricException {@code INTERNAL} when an event of a known type cannot be read
     */
    static MembershipSnapshot replay(Journal journal, RegionIndex index, MembershipSnapshot initial) {
        JournalReplay replay = new JournalReplay(index, initial);
        journal.replay(0, replay::apply);
        return replay.snapshot;
    }

    private void apply(JournalRecord record) {
        try {
            record.as(NodeStateChanged.TYPE).ifPresent(e -> index.nodeNamed(e.node()).ifPresent(node ->
                    snapshot = snapshot.with(MembershipSnapshot.status(node, e.to(), record.time(), e.reason()))));
            record.as(WitnessAvailabilityChanged.TYPE).ifPresent(e -> index.scaleUnitNamed(e.scaleUnit())
                    .filter(unit -> unit.witness().isPresent())
                    .map(ScaleUnitSpec::id)
                    .ifPresent(unit -> snapshot = snapshot.withWitness(unit, e.available())));
        } catch (IllegalArgumentException e) {
            throw new FabricException(ErrorCode.INTERNAL, "journal event " + record.index() + " (" + record.type()
                    + ") cannot be read: " + e.getMessage(), e);
        }
    }
}
