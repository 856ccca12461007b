package fabric.bench.storage;

import fabric.s2d.internal.ReedSolomon;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.erasurecode.ErasureCoderOptions;
import org.apache.hadoop.io.erasurecode.rawcoder.RSRawDecoder;
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
 * Reed-Solomon decoding of two lost data shards of 64 KiB from the survivors: the fabric's coder
 * (decoding matrix cached per erasure pattern) against Hadoop's pure-Java {@code RSRawDecoder}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RsDecodeBenchmark {

    /** The layout, {@code k+m}. */
    @Param({"4+2", "6+2"})
    public String layout;

    private static final int SHARD = 64 << 10;
    private int k;
    private int m;
    private byte[][] shards;
    private byte[][] hadoopInputs;
    private byte[][] hadoopOutputs;
    private ReedSolomon fabric;
    private RSRawDecoder hadoop;

    /**
     * Encodes a stripe; shards 0 and 1 are the lost ones.
     *
     * @throws IOException never
     */
    @Setup
    public void setUp() throws IOException {
        k = Integer.parseInt(layout.substring(0, layout.indexOf('+')));
        m = Integer.parseInt(layout.substring(layout.indexOf('+') + 1));
        shards = new byte[k + m][SHARD];
        Random r = new Random(1);
        for (int i = 0; i < k; i++) {
            r.nextBytes(shards[i]);
        }
        byte[][] data = new byte[k][];
        System.arraycopy(shards, 0, data, 0, k);
        byte[][] parity = new byte[m][];
        System.arraycopy(shards, k, parity, 0, m);
        fabric = new ReedSolomon(k, m);
        fabric.encode(data, 0, parity, 0, SHARD);
        byte[][] hadoopParity = new byte[m][SHARD];
        new RSRawEncoder(new ErasureCoderOptions(k, m)).encode(data, hadoopParity);
        hadoopInputs = new byte[k + m][];
        for (int i = 2; i < k; i++) {
            hadoopInputs[i] = shards[i];
        }
        for (int i = 0; i < m; i++) {
            hadoopInputs[k + i] = hadoopParity[i];
        }
        hadoopOutputs = new byte[2][SHARD];
        hadoop = new RSRawDecoder(new ErasureCoderOptions(k, m));
    }

    /**
     * @return a restored shard
     * @throws IOException never, for Hadoop's signature
     */
    @Benchmark
    public byte[] baseline() throws IOException {
        hadoop.decode(hadoopInputs.clone(), new int[] {0, 1}, hadoopOutputs);
        return hadoopOutputs[0];
    }

    /** @return a restored shard */
    @Benchmark
    public byte[] fabricDecode() {
        int all = (1 << (k + m)) - 1;
        fabric.reconstruct(shards, 0, SHARD, all & ~0b11, 0b11);
        return shards[0];
    }
}
