package fabric.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.journal.JournalRecord;
import fabric.bench.journal.JournalAppendBenchmark;
import fabric.journal.ChronicleJournal;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The ratio report over a real (very short) JMH run, and that the baseline does the benchmark's work. */
class RatiosTest {

    @Test
    void aShortRunReportsTheRatioOfEveryBenchmarkToItsBaseline() throws Exception {
        // JMH's machine-wide lock keeps two measuring runs apart; this run only checks the report, so
        // a benchmark running on the machine at the same time must not fail the build.
        System.setProperty("jmh.ignoreLock", "true");
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(JournalAppendBenchmark.class.getName())
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .timeUnit(TimeUnit.NANOSECONDS)
                .build()).run();
        String report = Ratios.report(results);
        Matcher m = Pattern.compile("journal\\.JournalAppendBenchmark\\.typedAppend\\s+speed\\s+([0-9.]+)x").matcher(report);
        assertTrue(m.find(), report);
        assertTrue(Double.parseDouble(m.group(1)) > 0, report);
        assertTrue(!report.contains("baseline  "), "the baseline is not reported against itself: " + report);
    }

    @Test
    void theBaselineWritesTheDocumentTheJournalWrites() throws Exception {
        JournalAppendBenchmark bench = new JournalAppendBenchmark();
        bench.open();
        try {
            bench.baseline();
            bench.typedAppend();
            Path dir = bench.directory();
            try (ChronicleJournal raw = ChronicleJournal.open(dir.resolve("raw"));
                    ChronicleJournal typed = ChronicleJournal.open(dir.resolve("journal"))) {
                JournalRecord a = raw.latest(1).get(0);
                JournalRecord b = typed.latest(1).get(0);
                assertEquals(b.type(), a.type());
                assertEquals(b.fields(), a.fields());
            }
        } finally {
            bench.close();
        }
    }
}
