package fabric.bench.controller;

import fabric.sdn.controller.internal.PolicyWorkload;
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
 * As {@link PolicyRecomputeBenchmark}, without the write's JSON parsing, validation and response: the
 * changed group arrives parsed, and only the recompute and the push are measured. {@code baseline}
 * recompiles every group and recomputes all 64 nodes; {@code incremental} patches the group into the
 * policies of the nodes that carry it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyRecomputeOnlyBenchmark {

    /** The full-recompute region. */
    @State(Scope.Benchmark)
    public static class Full {
        PolicyWorkload workload;

        /** Builds the region. */
        @Setup
        public void setUp() {
            workload = new PolicyWorkload(64, 1000, 100, 10_000, false);
        }
    }

    /** The incremental region. */
    @State(Scope.Benchmark)
    public static class Incremental {
        PolicyWorkload workload;

        /** Builds the region. */
        @Setup
        public void setUp() {
            workload = new PolicyWorkload(64, 1000, 100, 10_000, true);
        }
    }

    /**
     * @param full the region
     * @return pushes so far
     */
    @Benchmark
    public long baseline(Full full) {
        return full.workload.changeOneRuleParsed();
    }

    /**
     * @param incremental the region
     * @return pushes so far
     */
    @Benchmark
    public long incremental(Incremental incremental) {
        return incremental.workload.changeOneRuleParsed();
    }
}
