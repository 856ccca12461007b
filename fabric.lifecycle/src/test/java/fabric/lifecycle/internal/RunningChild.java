package fabric.lifecycle.internal;

import fabric.api.journal.EventType;
import fabric.api.journal.Journal;
import fabric.api.journal.JournalRecord;
import fabric.api.journal.JournalTailer;
import fabric.lifecycle.internal.RunEvents.StepStarted;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link KillNineTest} kills: opens the update run's journal file, starts the run if the
 * journal has none, and drives it. With a step number it stops in that step, after the step's start
 * was journaled ({@code start}) or after the step's next journaled effect ({@code effect}), prints
 * {@code kill me} and waits to be killed; without one it runs to the end and prints {@code done}.
 * Halts when its parent goes away (standard input closes).
 */
public final class RunningChild {

    private RunningChild() {
    }

    /**
     * @param args the journal file, the package directory, the step to die in (0: none), start or effect
     */
    public static void main(String[] args) throws IOException {
        Thread orphanWatch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // The parent writes nothing; end of input means it is gone.
                }
            } catch (IOException e) {
                // Same.
            }
            Runtime.getRuntime().halt(3);
        }, "orphan-watch");
        orphanWatch.setDaemon(true);
        orphanWatch.start();
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Clock clock = RunEngineTest.CLOCK;
        MemoryJournal file = MemoryJournal.open(Path.of(args[0]), clock);
        int dieIn = Integer.parseInt(args[2]);
        boolean afterEffect = args[3].equals("effect");
        Journal journal = new Journal() {
            boolean armed;

            @Override
            public <E extends Record> long append(EventType<E> type, E event) {
                long index = file.append(type, event);
                if (armed) {
                    die(out);
                }
                if (event instanceof StepStarted s && s.seq() == dieIn) {
                    if (afterEffect) {
                        armed = true;
                    } else {
                        die(out);
                    }
                }
                return index;
            }

            @Override
            public long lastIndex() {
                return file.lastIndex();
            }

            @Override
            public JournalTailer tail(long fromIndex) {
                return file.tail(fromIndex);
            }

            @Override
            public JournalTailer tailFromEnd() {
                return file.tailFromEnd();
            }

            @Override
            public List<JournalRecord> latest(int count) {
                return file.latest(count);
            }
        };
        RunFixture f = new RunFixture(journal, 4, clock);
        if (f.engine.status().isEmpty()) {
            f.engine.start(TestTopology.SU, null, RunFixture.hookedSettings(Path.of(args[1])));
        }
        f.drive(100_000);
        out.println("done " + f.engine.status().orElseThrow().state());
    }

    private static void die(PrintStream out) {
        out.println("kill me");
        while (true) {
            LockSupport.park();
        }
    }
}
