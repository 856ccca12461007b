package fabric.journal;

import static fabric.journal.TestEvents.ACKNOWLEDGED;

import fabric.journal.TestEvents.Acknowledged;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The process {@link KillNineTest} kills: opens the journal in the directory given as argument,
 * prints {@code open}, then appends events in a loop and prints {@code index sequence} for each one
 * after {@code append} returned. Stops by itself when its parent goes away (standard input closes)
 * or after a minute.
 */
public final class AppendingChild {

    private AppendingChild() {
    }

    /**
     * @param args the journal's directory
     */
    public static void main(String[] args) {
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

        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (ChronicleJournal journal = ChronicleJournal.open(Path.of(args[0]))) {
            out.println("open");
            out.flush();
            for (long sequence = 0; System.nanoTime() < deadline; sequence++) {
                long index = journal.append(ACKNOWLEDGED, new Acknowledged(sequence, TestEvents.payload(sequence)));
                out.println(index + " " + sequence);
                out.flush();
            }
        }
    }
}
