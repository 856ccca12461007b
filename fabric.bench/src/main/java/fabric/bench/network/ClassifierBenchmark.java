package fabric.bench.network;

import fabric.sdn.internal.firewall.BitVectorClassifier;
import fabric.sdn.internal.firewall.ClassBenchRules;
import fabric.sdn.internal.firewall.CompiledClassifier;
import fabric.sdn.internal.firewall.FlowCache;
import fabric.sdn.internal.firewall.LinearClassifier;
import fabric.sdn.internal.firewall.RuleTable;
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
 * Packet classification against 10,000 ClassBench-style rules: the priority-ordered linear scan
 * (baseline) against the compiled classifier (and, for reference, one flat bit vector), and the exact-match flow cache's hit path
 * (a flow's second and later packets). Each operation classifies the next packet of a fixed
 * seeded trace of 4,096 headers (half drawn inside rules, half uniformly random).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ClassifierBenchmark {

    private static final int TRACE = 4096;

    private LinearClassifier linear;
    private BitVectorClassifier flat;
    private CompiledClassifier compiled;
    private FlowCache cache;
    private int[][] packets;
    private int next;

    /** Builds the rules, the classifier, the trace, and a cache holding every flow of the trace. */
    @Setup
    public void setUp() {
        ClassBenchRules gen = new ClassBenchRules(20261125L);
        RuleTable rules = gen.rules(10_000);
        linear = new LinearClassifier(rules);
        flat = new BitVectorClassifier(rules);
        compiled = new CompiledClassifier(rules);
        packets = gen.packets(rules, TRACE);
        cache = new FlowCache(1 << 16);
        for (int k = 0; k < TRACE; k++) {
            cache.put(packets[0][k], packets[1][k], packets[2][k], packets[3][k], packets[4][k],
                    compiled.classify(packets[0][k], packets[1][k], packets[2][k], packets[3][k], packets[4][k]));
        }
    }

    private int advance() {
        int k = next;
        next = (k + 1) & (TRACE - 1);
        return k;
    }

    /** @return the deciding atom by linear scan */
    @Benchmark
    public int baseline() {
        int k = advance();
        return linear.classify(packets[0][k], packets[1][k], packets[2][k], packets[3][k], packets[4][k]);
    }

    /** @return the deciding atom by one aggregated bit vector over the whole table */
    @Benchmark
    public int flatBitVector() {
        int k = advance();
        return flat.classify(packets[0][k], packets[1][k], packets[2][k], packets[3][k], packets[4][k]);
    }

    /** @return the deciding atom by the compiled classifier (address cut + bit-vector leaves) */
    @Benchmark
    public int compiled() {
        int k = advance();
        return compiled.classify(packets[0][k], packets[1][k], packets[2][k], packets[3][k], packets[4][k]);
    }

    /** @return the deciding atom from the flow cache (every flow cached) */
    @Benchmark
    public int flowCacheHit() {
        int k = advance();
        return cache.get(packets[0][k], packets[1][k], packets[2][k], packets[3][k], packets[4][k]);
    }
}
