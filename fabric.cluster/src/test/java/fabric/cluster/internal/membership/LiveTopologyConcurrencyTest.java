package fabric.cluster.internal.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.topology.NodeStateChanged;
import fabric.journal.testing.MemoryJournal;
import fabric.cluster.testing.Regions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Changes from many threads: each accepted change is journaled once, and the journal tells the truth. */
class LiveTopologyConcurrencyTest {

    @Test
    void concurrentChangesAreSerializedAndJournaledOnce() throws Exception {
        long seed = System.nanoTime();
        MemoryJournal journal = new MemoryJournal();
        LiveTopology live = new LiveTopology(Regions.oneScaleUnit(4, true), journal, Clock.systemUTC());
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger heard = new AtomicInteger();
        live.addListener((change, quorum) -> heard.incrementAndGet());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Random random = new Random(seed + t);
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        NodeId node = NodeId.of("node-" + (1 + random.nextInt(4)));
                        try {
                            switch (random.nextInt(6)) {
                                case 0 -> live.fail(node, "x");
                                case 1 -> live.recover(node);
                                case 2 -> live.isolate(node, "x");
                                case 3 -> live.enterMaintenance(node, "x");
                                case 4 -> live.exitMaintenance(node);
                                default -> live.setWitnessAvailable(ScaleUnitId.of("su-1"), random.nextBoolean());
                            }
                            accepted.incrementAndGet();
                        } catch (FabricException e) {
                            if (e.code() != ErrorCode.FAILED_PRECONDITION && e.code() != ErrorCode.QUORUM_LOST) {
                                throw e;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        String seedNote = "seed " + seed;
        int nodeChanges = journal.events(NodeStateChanged.TYPE).size();
        int witnessChanges = journal.events(WitnessAvailabilityChanged.TYPE).size();
        assertEquals(accepted.get(), nodeChanges + witnessChanges, seedNote);
        assertEquals(nodeChanges, heard.get(), seedNote);
        LiveTopology replayed = new LiveTopology(Regions.oneScaleUnit(4, true), journal, Clock.systemUTC());
        ScaleUnitId su = ScaleUnitId.of("su-1");
        assertEquals(live.quorum(su), replayed.quorum(su), seedNote);
        for (int i = 1; i <= 4; i++) {
            NodeId node = NodeId.of("node-" + i);
            assertEquals(live.status(node).state(), replayed.status(node).state(), seedNote);
            assertEquals(live.status(node).reason(), replayed.status(node).reason(), seedNote);
        }
    }
}
