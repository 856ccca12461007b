package fabric.bench.storage;

import fabric.s2d.internal.ReedSolomon;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawEncoder;
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
 * Reed-Solomon encoding of one stripe row ({@code k} data shards of 64 KiB into {@code m} parity
 * shards): the fabric's table-driven Cauchy coder against Hadoop's pure-Java {@code RSRawEncoder},
 * the pure-Java Reed-Solomon coder on Maven Central (Backblaze's JavaReedSolomon is not published
 * there).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RsEncodeBenchmark {

    /** The layout, {@code k+m}. */
    @Param({"4+2", "6+2"})
    public String layout;

    private static final int SHARD = 64 << 10;
    private byte[][] data;
    private byte[][] parity;
    private ReedSolomon fabric;
    private RSRawEncoder hadoop;

    /** Fills the data shards. */
    @Setup
    public void setUp() {
        int k = Integer.parseInt(layout.substring(0, layout.indexOf('+')));
        int m = Integer.parseInt(layout.substring(layout.indexOf('+') + 1));
        data = new byte[k][SHARD];
        parity = new byte[m][SHARD];
        Random r = new Random(1);
        for (byte[] d : data) {
            r.nextBytes(d);
        }
        fabric = new ReedSolomon(k, m);
        hadoop = new RSRawEncoder(new ErasureCoderOptions(k, m));
    }

    /**
     * @return a parity shard
     * @throws IOException never, for Hadoop's signature
     */
    @Benchmark
    public byte[] baseline() throws IOException {
        hadoop.encode(data, parity);
        return parity[0];
    }

    /** @return a parity shard */
    @Benchmark
    public byte[] fabricEncode() {
        fabric.encode(data, 0, parity, 0, SHARD);
        return parity[0];
    }
}
