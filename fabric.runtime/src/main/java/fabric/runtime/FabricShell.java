package fabric.runtime;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Runs Gogo commands in the fabric, as the interactive shell would, and reports failures as one
 * line. Used by {@code ./fabric -c} and by tests.
 *
 * <p>While bundles are still starting, each statement waits (up to a timeout) for the command it calls
 * to be registered, so a script can run right after a bundle is installed; once every bundle is
 * active an unknown command fails at once. The script stops at the first failing statement.
 */
public final class FabricShell {

    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";

    private final BundleContext context;
    private final Duration commandTimeout;

    FabricShell(BundleContext context, Duration commandTimeout) {
        this.context = context;
        this.commandTimeout = commandTimeout;
    }

    /**
     * Runs a script and returns what it printed, followed by each statement's result.
     *
     * @param script statements separated by {@code ;} or new lines
     * @return the output
     * @throws FabricException when a statement failed: its message is the statement's error, one line
     */
    public String execute(String script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            execute(script, print);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Runs a script, printing what each statement prints and its result as it goes.
     *
     * @param script statements separated by {@code ;} or new lines
     * @param out where output goes
     * @throws FabricException when a statement failed, after the output of the statements before it
     */
    public void execute(String script, PrintStream out) {
        List<String> statements;
        try {
            statements = CommandScript.statements(script);
        } catch (IllegalArgumentException e) {
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, "cannot parse the commands: " + e.getMessage());
        }
        Object processor = processor();
        Object session = invoke(processor, "createSession", new Class<?>[] {java.io.InputStream.class,
            OutputStream.class, OutputStream.class}, new ByteArrayInputStream(new byte[0]), out, out);
        try {
            for (String statement : statements) {
                CommandScript.command(statement).ifPresent(this::awaitCommand);
                Object result;
                try {
                    result = invoke(session, "execute", new Class<?>[] {CharSequence.class}, statement);
                } catch (CommandFailure failure) {
                    out.flush();
                    throw describe(statement, failure.getCause());
                }
                if (result != null) {
                    Object text = result instanceof CharSequence ? result
                            : invoke(session, "format", new Class<?>[] {Object.class, int.class}, result, 0);
                    out.println(text);
                }
                out.flush();
            }
        } finally {
            invoke(session, "close", new Class<?>[0]);
        }
    }

    private void awaitCommand(String command) {
        int colon = command.indexOf(':');
        String filter = colon < 0 ? "(osgi.command.function=" + command + ")"
                : "(&(osgi.command.scope=" + command.substring(0, colon) + ")(osgi.command.function="
                        + command.substring(colon + 1) + "))";
        long deadline = System.nanoTime() + commandTimeout.toNanos();
        try {
            // Declarative Services registers a bundle's commands while the bundle starts, so once every
            // bundle is active a command that is still missing does not exist: say so at once.
            while (context.getServiceReferences((String) null, filter) == null && !settled()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InvalidSyntaxException e) {
            // Not a name a filter can hold: let Gogo report it.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean settled() {
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE
                    && !EmbeddedFabric.CONSOLE_BUNDLE.equals(b.getSymbolicName())) {
                return false;
            }
        }
        return true;
    }

    private Object processor() {
        long deadline = System.nanoTime() + commandTimeout.toNanos();
        while (true) {
            ServiceReference<?> ref = context.getServiceReference(PROCESSOR);
            Object processor = ref == null ? null : context.getService(ref);
            if (processor != null) {
                return processor;
            }
            if (System.nanoTime() > deadline) {
                throw new FabricException(ErrorCode.UNAVAILABLE, "the Gogo command processor is not running");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FabricException(ErrorCode.UNAVAILABLE, "interrupted");
            }
        }
    }

    private static FabricException describe(String statement, Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof FabricException fe) {
                return new FabricException(fe.code(), fe.getMessage(), fe.violations(), fe);
            }
        }
        Throwable t = error instanceof InvocationTargetException && error.getCause() != null ? error.getCause() : error;
        String name = t.getClass().getSimpleName();
        String message = Optional.ofNullable(t.getMessage()).orElse(name);
        if (name.equals("CommandNotFoundException")) {
            return new FabricException(ErrorCode.INVALID_ARGUMENT, "unknown command: "
                    + CommandScript.command(statement).orElse(statement) + " (try: help)");
        }
        if (t instanceof IllegalArgumentException && message.startsWith("Cannot coerce")) {
            String command = CommandScript.command(statement).orElse(statement);
            return new FabricException(ErrorCode.INVALID_ARGUMENT, "wrong arguments for " + command + ": " + message
                    + " (try: help " + command + ")");
        }
        if (t instanceof IllegalArgumentException) {
            return new FabricException(ErrorCode.INVALID_ARGUMENT, message);
        }
        return new FabricException(ErrorCode.INTERNAL, name + ": " + message, t);
    }

    private static Object invoke(Object target, String name, Class<?>[] types, Object... args) {
        try {
            Method method = findMethod(target.getClass(), name, types);
            method.setAccessible(true);
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw new CommandFailure(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Gogo has no " + name + ": " + e, e);
        }
    }

    private static Method findMethod(Class<?> type, String name, Class<?>[] types) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                try {
                    return i.getMethod(name, types);
                } catch (NoSuchMethodException e) {
                    // try the next
                }
            }
        }
        return type.getMethod(name, types);
    }

    /** A failure thrown by the command itself, carried past the reflective call. */
    private static final class CommandFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailure(Throwable cause) {
            super(cause);
        }
    }

}
