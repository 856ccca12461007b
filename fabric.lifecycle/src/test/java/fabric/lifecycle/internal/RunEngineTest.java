package fabric.lifecycle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fabric.api.lifecycle.RunState;
import fabric.api.lifecycle.RunStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunEngineTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void printsARun() throws Exception {
        RunFixture f = new RunFixture(new MemoryJournal(CLOCK), 4, CLOCK);
        RunStatus s = f.engine.start(TestTopology.SU, null, RunFixture.settings(RunFixture.packages(dir)));
        f.drive(1000);
        f.engine.history(1000).forEach(e -> System.out.println(e.text()));
        System.out.println(f.engine.status());
        assertEquals(RunState.SUCCEEDED, f.engine.status().orElseThrow().state());
    }
}
