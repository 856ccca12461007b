package fabric.bench.network;

import fabric.api.core.NodeId;
import fabric.api.journal.EventType;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import fabric.api.teaming.EgressPort;
import fabric.api.teaming.EgressResult;
import fabric.api.topology.NicSpec;
import fabric.api.topology.NodeSpec;
import fabric.api.topology.RdmaKind;
import fabric.set.internal.TeamingComponent;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One frame through a node's SET team, as the overlay's tunnel endpoint sends it: classified,
 * steered (dynamic distribution over two 25 Gb/s NICs), queued, scheduled by ETS and handed to the
 * sender's wire, against the floor of any queueing switch: copying the frame once into a buffer
 * and out again. The switch's clock advances one microsecond per frame (simulated time), so the
 * links always have credit and every frame leaves within its send.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
@State(Scope.Thread)
public class TeamEgressBenchmark {

    /** Frame size in bytes. */
    @Param({"64", "1514"})
    public int size;

    private long now = 1_000_000_000L;
    private final ByteBuffer frame = ByteBuffer.allocateDirect(2048);
    private final UnsafeBuffer slot = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
    private final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
    private EgressPort port;
    private long wired;

    /** A team of two identical NICs with the default DCB policy; the sender connects at priority 0. */
    @Setup
    public void setUp() {
        NodeId node = NodeId.of("node-1");
        NodeSpec spec = new NodeSpec(node, 32, 1L << 38, List.of(), List.of(new NicSpec("nic-0", 25, RdmaKind.ROCE),
                new NicSpec("nic-1", 25, RdmaKind.ROCE)), "bmc", "dell", "AX-760");
        TeamingComponent teaming = new TeamingComponent(List.of(spec), () -> now, new NoJournal());
        port = teaming.connect(node, "vxlan-tep", 0, (nic, c, f) -> wired += f.remaining());
        UnsafeBuffer b = new UnsafeBuffer(frame);
        for (int i = 0; i < size; i++) {
            b.putByte(i, (byte) i);
        }
        // An IPv4/UDP frame: one flow.
        b.putShort(12, (short) 0x0800, java.nio.ByteOrder.BIG_ENDIAN);
        b.putByte(14, (byte) 0x45);
        b.putByte(23, (byte) 17);
        frame.limit(size);
    }

    /** @return the frame copied into a slot and out of it */
    @Benchmark
    public long baseline() {
        slot.putBytes(0, frame, 0, size);
        out.putBytes(0, slot, 0, size);
        return out.getLong(0);
    }

    /** @return bytes the team's NICs handed to the wire so far */
    @Benchmark
    public long throughTeam() {
        now += 1_000;
        if (port.send(frame) != EgressResult.QUEUED) {
            throw new IllegalStateException("the team refused a frame");
        }
        return wired;
    }

    /** A journal that keeps nothing: the benchmark reconfigures nothing. */
    private static final class NoJournal implements Journal {
        @Override
        public <E extends Record> long append(EventType<E> type, E event) {
            return 0;
        }

        @Override
        public long lastIndex() {
            return -1;
        }

        @Override
        public JournalTailer tail(long fromIndex) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JournalTailer tailFromEnd() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<JournalRecord> latest(int count) {
            return List.of();
        }

        @Override
        public long replay(long fromIndex, java.util.function.Consumer<JournalRecord> handler) {
            return 0;
        }
    }
}
