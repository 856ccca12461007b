package fabric.bench.network;

import fabric.sdn.internal.slb.Maglev;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building a Maglev table of 65,537 entries for 1,000 backends (goal: at most 10 ms), and updating
 * it for one backend leaving, against the floor of any such table: filling 65,537 entries with
 * {@code entry mod N} (balanced, but not consistent).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class MaglevBenchmark {

    private static final int BACKENDS = 1000;

    private String[] names;
    private Maglev table;

    /** Names the backends and builds the table that {@link #without} updates. */
    @Setup
    public void setUp() {
        names = new String[BACKENDS];
        for (int i = 0; i < BACKENDS; i++) {
            names[i] = "10.1." + (i / 250) + "." + (i % 250 + 1);
        }
        table = Maglev.build(names, Maglev.TABLE_SIZE);
    }

    /** @return a modulo table */
    @Benchmark
    public int[] baseline() {
        int[] t = new int[Maglev.TABLE_SIZE];
        for (int e = 0; e < t.length; e++) {
            t[e] = e % BACKENDS;
        }
        return t;
    }

    /** @return a Maglev table built from scratch */
    @Benchmark
    public Maglev build() {
        return Maglev.build(names, Maglev.TABLE_SIZE);
    }

    /** @return the table updated for one backend leaving */
    @Benchmark
    public Maglev without() {
        return table.without(names[BACKENDS / 2]);
    }
}
