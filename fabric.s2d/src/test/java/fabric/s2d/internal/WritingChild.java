package fabric.s2d.internal;

import fabric.api.storage.BlockDevice;
import fabric.api.storage.Resiliency;
import fabric.api.storage.VolumeSpec;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The process {@link CrashTest} kills: opens a pool in the directory given, creates volumes
 * {@code m} and {@code p}, prints {@code open}, then runs the {@link CrashSequence} of the seed and
 * prints {@code F <step>} after each flush returned. Stops by itself when its parent goes away
 * (standard input closes) or after a minute.
 */
public final class WritingChild {

    private WritingChild() {
    }

    /**
     * @param args the pool's directory, the seed, and {@code cache} or {@code nocache} (whether the
     *        nodes have cache drives)
     */
    public static void main(String[] args) {
        Thread orphanWatch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent writes nothing; end of input means it is gone
                }
            } catch (IOException e) {
                // same
            }
            Runtime.getRuntime().halt(3);
        }, "orphan-watch");
        orphanWatch.setDaemon(true);
        orphanWatch.start();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + 60_000_000_000L;
        FilePool pool = Pools.open(Path.of(args[0]), Pools.nodes(6, 2, 8L << 20, !"nocache".equals(args[2])));
        pool.createVolume(new VolumeSpec("m", Resiliency.TWO_WAY_MIRROR, CrashSequence.VOLUME));
        pool.createVolume(new VolumeSpec("p", Resiliency.DUAL_PARITY, CrashSequence.VOLUME));
        pool.createVolume(new VolumeSpec("a", Resiliency.MIRROR_ACCELERATED_PARITY, CrashSequence.VOLUME));
        // the cache tier works meanwhile: destage, promotion and eviction, each committing its map
        pool.tierPolicy(new Tiering.Policy(64L << 20, 0.2, 0.05, 0.5, 4, 1));
        Thread tier = new Thread(() -> {
            while (true) {
                pool.tierTick();
                Thread.onSpinWait();
            }
        }, "tier");
        tier.setDaemon(true);
        tier.start();
        BlockDevice m = pool.open("m");
        BlockDevice p = pool.open("p");
        BlockDevice a = pool.open("a");
        out.println("open");
        out.flush();
        CrashSequence sequence = new CrashSequence(Long.parseLong(args[1]));
        for (int i = 0; System.nanoTime() < deadline; i++) {
            CrashSequence.Step s = sequence.next();
            BlockDevice dev = s.volume().equals("m") ? m : s.volume().equals("p") ? p : a;
            if (s.zero()) {
                dev.writeZeroes(s.offset(), s.length());
            } else {
                dev.write(s.offset(), ByteBuffer.wrap(s.data()), false);
            }
            if ((i + 1) % CrashSequence.FLUSH_EVERY == 0) {
                dev.flush();
                out.println("F " + i);
                out.flush();
            }
        }
        pool.close();
    }
}
