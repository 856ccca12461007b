package fabric.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hyphenated names in a real Gogo command processor: options, overloads, usage, the commands' own errors. */
class HyphenatedCommandTest {

    /** A commands object as bundles write them. */
    public static final class Demo {

        /**
         * @param copies how many
         * @param force a flag
         * @param name what
         * @return what was asked
         */
        @Descriptor("makes a thing")
        public String makeThing(@Descriptor("copies") @Parameter(names = {"--copies", "-c"}, absentValue = "1") int copies,
                @Descriptor("even if it exists") @Parameter(names = "--force", absentValue = "false",
                        presentValue = "true") boolean force,
                @Descriptor("thing name") String name) {
            return name + " x" + copies + (force ? " forced" : "");
        }

        /**
         * @param name what
         * @return never
         */
        @Descriptor("refuses")
        public String refuseThing(@Descriptor("thing name") String name) {
            throw new IllegalArgumentException("thing " + name + " is not allowed");
        }

        /** @return one */
        @Descriptor("counts")
        public String countThings() {
            return "none";
        }

        /**
         * @param kind what kind
         * @return what was asked
         */
        @Descriptor("counts")
        public String countThings(@Descriptor("kind") String kind) {
            return "none of kind " + kind;
        }
    }

    private ThreadIOImpl threadIO;
    private CommandSession session;

    @BeforeEach
    void start() {
        threadIO = new ThreadIOImpl();
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        for (HyphenatedCommand c : HyphenatedCommand.forCamelCaseMethods("demo", new Demo())) {
            processor.addCommand(c.scope(), c, c.function());
        }
        PrintStream print = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
    }

    @AfterEach
    void stop() {
        session.close();
        threadIO.stop();
    }

    @Test
    void eachCamelCaseMethodHasItsHyphenatedName() {
        assertEquals(List.of("count-things", "make-thing", "refuse-thing"),
                HyphenatedCommand.forCamelCaseMethods("demo", new Demo()).stream().map(HyphenatedCommand::function)
                        .toList());
    }

    @Test
    void optionsAndConversionWorkAsForAnyCommand() throws Exception {
        assertEquals("box x1", session.execute("demo:make-thing box"));
        assertEquals("box x3 forced", session.execute("demo:make-thing --copies 3 --force box"));
        assertEquals("box x2", session.execute("demo:make-thing -c 2 box"));
    }

    @Test
    void overloadsAreChosenByTheArguments() throws Exception {
        assertEquals("none", session.execute("demo:count-things"));
        assertEquals("none of kind red", session.execute("demo:count-things red"));
    }

    @Test
    void wrongArgumentsShowTheUsageWithItsOptions() {
        FabricException e = assertThrows(FabricException.class, () -> session.execute("demo:make-thing"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("wrong arguments for demo:make-thing: 0 given; usage: demo:make-thing [--copies <copies>]"
                + " [--force] <thing name> (try: help demo:makeThing)", e.getMessage());
        FabricException notANumber = assertThrows(FabricException.class,
                () -> session.execute("demo:make-thing --copies many box"));
        assertEquals(ErrorCode.INVALID_ARGUMENT, notANumber.code());
    }

    @Test
    void theCommandsOwnIllegalArgumentIsNotMistakenForAUsageError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> session.execute("demo:refuse-thing x"));
        assertEquals("thing x is not allowed", e.getMessage());
    }
}
