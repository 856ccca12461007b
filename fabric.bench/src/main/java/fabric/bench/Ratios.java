package fabric.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH benchmarks and reports each one as a ratio against the baseline measured in the same run.
 *
 * <p>The convention every benchmark class of this module follows: one method named {@code baseline}
 * measures the reference (the naive algorithm, the bare library call, the raw I/O), the other methods
 * measure the fabric's code doing the same work. For every other method and every combination of
 * {@code @Param} values this prints {@code speed = baseline time / method time} (for throughput
 * modes, method throughput / baseline throughput): 2.0 means twice as fast as the baseline, 0.5 half
 * as fast. The usual JMH command-line options apply ({@code -f}, {@code -wi}, {@code -i}, {@code -p},
 * {@code -prof gc}, an include regex...).
 *
 * <pre>java -jar fabric.bench/target/benchmarks.jar JournalAppend -f 1 -wi 3 -i 5</pre>
 */
public final class Ratios {

    private Ratios() {
    }

    /**
     * @param args JMH command-line options
     * @throws RunnerException when JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        Options options;
        try {
            options = new OptionsBuilder().parent(new CommandLineOptions(args)).build();
        } catch (CommandLineOptionException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.print(report(results));
    }

    /**
     * Formats the ratio table.
     *
     * @param results what JMH measured
     * @return one line per non-baseline benchmark and parameter set
     */
    public static String report(Collection<RunResult> results) {
        Map<String, RunResult> baselines = new TreeMap<>();
        List<RunResult> others = new ArrayList<>();
        for (RunResult r : results) {
            if (method(r).equals("baseline")) {
                baselines.put(key(r), r);
            } else {
                others.add(r);
            }
        }
        StringBuilder out = new StringBuilder("Ratios against the baseline of the same run"
                + " (speed > 1: faster than the baseline)\n");
        for (RunResult r : others) {
            RunResult base = baselines.get(key(r));
            Result<?> score = r.getPrimaryResult();
            String name = r.getParams().getBenchmark().replaceFirst("^fabric\\.bench\\.", "") + params(r);
            if (base == null) {
                out.append(String.format(Locale.ROOT, "  %-70s %12.3f %-10s (no baseline in this run)%n", name,
                        score.getScore(), score.getScoreUnit()));
                continue;
            }
            Result<?> baseScore = base.getPrimaryResult();
            double speed = r.getParams().getMode() == Mode.Throughput
                    ? score.getScore() / baseScore.getScore()
                    : baseScore.getScore() / score.getScore();
            out.append(String.format(Locale.ROOT, "  %-70s speed %8.3fx  (%.3f vs baseline %.3f %s)%n", name, speed,
                    score.getScore(), baseScore.getScore(), score.getScoreUnit()));
        }
        return out.toString();
    }

    private static String method(RunResult r) {
        String benchmark = r.getParams().getBenchmark();
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    private static String key(RunResult r) {
        String benchmark = r.getParams().getBenchmark();
        return benchmark.substring(0, benchmark.lastIndexOf('.')) + params(r) + r.getParams().getMode();
    }

    private static String params(RunResult r) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String p : r.getParams().getParamsKeys()) {
            values.put(p, r.getParams().getParam(p));
        }
        return values.isEmpty() ? "" : values.toString();
    }
}
