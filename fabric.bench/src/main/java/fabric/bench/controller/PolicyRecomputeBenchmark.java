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
 * The network controller after one NSG rule change in a region of 64 nodes, 1,000 vNICs and 10,000
 * rules (100 groups of 100): parse and validate the group, recompute and push the policy of the
 * nodes that carry it ({@code incremental}), against recompiling every group and recomputing every
 * node's policy ({@code baseline}). Both push to agents that acknowledge at once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyRecomputeBenchmark {

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
        return full.workload.changeOneRule();
    }

    /**
     * @param incremental the region
     * @return pushes so far
     */
    @Benchmark
    public long incremental(Incremental incremental) {
        return incremental.workload.changeOneRule();
    }
}
