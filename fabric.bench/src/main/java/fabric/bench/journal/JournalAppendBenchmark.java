package fabric.bench.journal;

import fabric.api.topology.NodeState;
import fabric.api.topology.NodeStateChanged;
import fabric.journal.ChronicleJournal;
import fabric.journal.JournalSettings;
import fabric.journal.SyncMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the journal's typed append (record to fields by reflection, lock, bundle class loader
 * switch, index bookkeeping) against a bare Chronicle Queue appender writing the same document with
 * the same fields to a queue of the same roll cycle. Sync mode NONE on both: with SYNC the fsync
 * dominates both and the ratio says nothing about the journal's own code.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true"})
@State(Scope.Thread)
public class JournalAppendBenchmark {

    private static final NodeStateChanged EVENT =
            new NodeStateChanged("su-1", "node-3", NodeState.UP, NodeState.DOWN, "failed by an operator");

    private Path dir;
    private ChronicleJournal journal;
    private SingleChronicleQueue raw;
    private ExcerptAppender appender;

    /** Opens both queues in a fresh directory. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("journal-bench");
        journal = new ChronicleJournal(JournalSettings.of(dir.resolve("journal")).withSyncMode(SyncMode.NONE));
        raw = SingleChronicleQueueBuilder.single(dir.resolve("raw").toFile())
                .rollCycle(RollCycles.FAST_DAILY).build();
        appender = raw.acquireAppender();
    }

    /** Closes both queues and deletes their files. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        appender.close();
        raw.close();
        journal.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** @return the directory holding both queues, while open */
    public Path directory() {
        return dir;
    }

    /** @return the index of the bare Chronicle document */
    @Benchmark
    public long baseline() {
        Instant now = Instant.now();
        try (DocumentContext dc = appender.writingDocument()) {
            dc.wire().write("type").text("topology.node-state-changed");
            dc.wire().write("epochSecond").int64(now.getEpochSecond());
            dc.wire().write("nano").int32(now.getNano());
            dc.wire().write("fields").sequence(EVENT, (e, out) -> {
                out.text("scaleUnit");
                out.text(e.scaleUnit());
                out.text("node");
                out.text(e.node());
                out.text("from");
                out.text(e.from().name());
                out.text("to");
                out.text(e.to().name());
                out.text("reason");
                out.text(e.reason());
            });
        }
        return appender.lastIndexAppended();
    }

    /** @return the index of the journaled event */
    @Benchmark
    public long typedAppend() {
        return journal.append(NodeStateChanged.TYPE, EVENT);
    }
}
