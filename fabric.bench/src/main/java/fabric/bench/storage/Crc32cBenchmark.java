package fabric.bench.storage;

import fabric.s2d.internal.BlockCrc;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
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

/** The checksum of a 4 KiB block as the engine stores it, against bare {@code java.util.zip.CRC32C}. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class Crc32cBenchmark {

    private final byte[] block = new byte[4096];
    private final CRC32C crc = new CRC32C();

    /** Fills the block. */
    @Setup
    public void setUp() {
        new Random(1).nextBytes(block);
    }

    /** @return the bare CRC32C of the block */
    @Benchmark
    public long baseline() {
        crc.reset();
        crc.update(block, 0, 4096);
        return crc.getValue();
    }

    /** @return the stored checksum of the block */
    @Benchmark
    public int blockChecksum() {
        return BlockCrc.of(crc, block, 0);
    }
}
