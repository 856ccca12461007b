package fabric.bench.controller;

import fabric.sdn.controller.internal.PolicyWorkload;
import java.util.concurrent.TimeUnit;
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
 * The network controller after one NSG rule change in a region of 64 nodes, 1,000 vNICs and 10,000
 * rules (100 groups of 100): recompute and push the policy of the nodes that carry the group
 * ({@code incremental}), against recompiling every group and recomputing every node's policy
 * ({@code baseline}). Both push to agents that acknowledge at once. With {@code part=whole-write}
 * the change goes through the whole write (JSON parsing, validation, response); with
 * {@code part=recompute-only} the changed group arrives parsed and only the recompute and the push
 * are measured.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PolicyRecomputeBenchmark {

    /** Which part of the change is measured. */
    @Param({"whole-write", "recompute-only"})
    public String part;

    private boolean parsed;

    /** Reads the parameter once, outside the measurement. */
    @Setup
    public void choose() {
        parsed = part.equals("recompute-only");
    }

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
        return parsed ? full.workload.changeOneRuleParsed() : full.workload.changeOneRule();
    }

    /**
     * @param incremental the region
     * @return pushes so far
     */
    @Benchmark
    public long incremental(Incremental incremental) {
        return parsed ? incremental.workload.changeOneRuleParsed() : incremental.workload.changeOneRule();
    }
}
