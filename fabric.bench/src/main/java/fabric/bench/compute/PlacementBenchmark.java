package fabric.bench.compute;

import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.compute.internal.placement.Demand;
import fabric.compute.internal.placement.ExhaustivePlacer;
import fabric.compute.internal.placement.Fleet;
import fabric.compute.internal.placement.IndexedPlacer;
import fabric.compute.internal.placement.PlacementRequest;
import fabric.compute.internal.placement.Placer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Placing VMs one by one (each placement seeing the ones before it) onto one scale unit of 16 nodes
 * and onto a region of 64 scale units of 16 nodes, with every rule on: node state, capacity,
 * availability-set spread with update domains, anti-affinity, the N-1 reserve. The baseline is the
 * exhaustive reference (filter and score every node from the raw placements for each VM); the
 * indexed placement must make identical decisions, which the trial set-up checks before measuring
 * (it throws otherwise). The {@code vms} parameter shows how the cost grows with the VM count.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(1)
@State(Scope.Thread)
public class PlacementBenchmark {

    /** Scale units x nodes per unit. */
    @Param({"1x16", "64x16"})
    public String region;

    /** VMs placed per invocation. */
    @Param({"2500", "5000", "10000"})
    public int vms;

    private List<Fleet.UnitShape> shape;
    private Demand[] demands;
    private Fleet fleet;

    /** Builds the region and the VMs (seeded) and checks both placements decide alike. */
    @Setup(Level.Trial)
    public void prepare() {
        String[] parts = region.split("x");
        shape = shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        demands = demands(vms, new Random(2026));
        int[] fast = decisions(true);
        int[] reference = decisions(false);
        if (!Arrays.equals(fast, reference)) {
            throw new IllegalStateException("the indexed placement decided differently from the reference");
        }
    }

    /** A fresh, empty region for each invocation. */
    @Setup(Level.Invocation)
    public void fresh() {
        fleet = new Fleet(shape);
    }

    /** @return a checksum of the decisions: the exhaustive reference */
    @Benchmark
    public long baseline() {
        return placeAll(new ExhaustivePlacer(fleet));
    }

    /** @return a checksum of the decisions: the indexed placement */
    @Benchmark
    public long indexed() {
        return placeAll(new IndexedPlacer(fleet));
    }

    private long placeAll(Placer placer) {
        long sum = 0;
        for (Demand d : demands) {
            int node = placer.choose(PlacementRequest.create(d));
            if (node >= 0) {
                fleet.place(d, node);
            }
            sum = sum * 31 + node;
        }
        return sum;
    }

    private int[] decisions(boolean indexed) {
        Fleet f = new Fleet(shape);
        Placer placer = indexed ? new IndexedPlacer(f) : new ExhaustivePlacer(f);
        int[] chosen = new int[demands.length];
        for (int i = 0; i < demands.length; i++) {
            chosen[i] = placer.choose(PlacementRequest.create(demands[i]));
            if (chosen[i] >= 0) {
                f.place(demands[i], chosen[i]);
            }
        }
        return chosen;
    }

    /** Nodes of 256 cores (1,024 vCPU at 4:1) and 3 TiB, so 10,000 VMs nearly fill 16 of them. */
    static List<Fleet.UnitShape> shape(int units, int nodesPerUnit) {
        List<Fleet.UnitShape> result = new ArrayList<>();
        for (int u = 1; u <= units; u++) {
            List<Fleet.NodeShape> nodes = new ArrayList<>();
            for (int n = 1; n <= nodesPerUnit; n++) {
                nodes.add(new Fleet.NodeShape(NodeId.of("su-" + u + "-node-" + n), 1024, 3L << 40));
            }
            result.add(new Fleet.UnitShape(ScaleUnitId.of("su-" + u), nodes));
        }
        return result;
    }

    /** 1-2 vCPU, 1-4 GiB; a quarter in one of 50 availability sets, one in twenty in one of 100 anti-affinity groups. */
    static Demand[] demands(int count, Random random) {
        Demand[] result = new Demand[count];
        for (int i = 0; i < count; i++) {
            String set = random.nextInt(4) == 0 ? "set-" + random.nextInt(50) : null;
            String anti = random.nextInt(20) == 0 ? "anti-" + random.nextInt(100) : null;
            result[i] = new Demand("vm-" + i, 1 + random.nextInt(2), (1L + random.nextInt(4)) << 30, set,
                    set == null ? -1 : i % 3, set == null ? -1 : i % 5, null, anti);
        }
        return result;
    }
}
