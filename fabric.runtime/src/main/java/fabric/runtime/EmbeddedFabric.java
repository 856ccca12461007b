package fabric.runtime;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.journal.Journal;
import fabric.api.topology.Topology;
import fabric.api.topology.TopologyParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The fabric running in-process: an OSGi framework (Apache Felix) with the fabric's bundles, whose
 * API services the embedding application calls directly.
 *
 * <pre>{@code
 * try (EmbeddedFabric fabric = EmbeddedFabric.start(FabricConfig.demo(Path.of("fabric-data")))) {
 *     Topology topology = fabric.service(Topology.class);
 *     System.out.println(topology.quorum(ScaleUnitId.of("su-1")));
 * }
 * }</pre>
 *
 * <p>The {@code fabric.api} packages come from the application's class path and are exported into
 * the framework by the system bundle, so the service objects returned here are of the very classes
 * the application compiled against. Plugins (OEM bundles) are installed with
 * {@link #install(Path)} or {@link FabricConfig#withBundles}.
 *
 * <p>The JVM needs the flags listed by {@link JvmFlags#all()}; {@link #start} refuses to start
 * without them and says which are missing.
 */
public final class EmbeddedFabric implements AutoCloseable {

    /** The framework property naming the fabric's data directory. */
    public static final String DATA_PROPERTY = "fabric.data";
    /** The framework property naming the topology file. */
    public static final String TOPOLOGY_PROPERTY = "fabric.topology";
    /** The symbolic name of the interactive shell bundle, started only with a console. */
    static final String CONSOLE_BUNDLE = "org.apache.felix.gogo.shell";

    private final Framework framework;
    private final Path frameworkStorage;
    private final FabricConfig config;
    private final Map<Class<?>, ServiceTracker<?, ?>> trackers = new ConcurrentHashMap<>();

    private EmbeddedFabric(Framework framework, Path frameworkStorage, FabricConfig config) {
        this.framework = framework;
        this.frameworkStorage = frameworkStorage;
        this.config = config;
    }

    /**
     * Starts the fabric and waits until its topology, membership and journal services are up.
     *
     * @param config how to start
     * @return the running fabric; close it to stop
     * @throws FabricException {@code INVALID_ARGUMENT} for a bad topology file (with every violation),
     *         {@code FAILED_PRECONDITION} when JVM flags are missing, {@code UNAVAILABLE} when a bundle or
     *         service did not come up in time
     */
    public static EmbeddedFabric start(FabricConfig config) {
        List<String> missing = JvmFlags.missing();
        if (!missing.isEmpty()) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION,
                    "the JVM lacks flags the fabric needs: " + String.join(" ", missing));
        }
        Path data = config.dataDirectory().toAbsolutePath().normalize();
        Path storage;
        try {
            Files.createDirectories(data);
            storage = Files.createTempDirectory("fabric-osgi-");
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot create " + data + ": " + e.getMessage(), e);
        }
        Path topology = config.topology() != null ? config.topology().toAbsolutePath().normalize()
                : demoTopology(data);
        Framework framework = ServiceLoader.load(FrameworkFactory.class, EmbeddedFabric.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                .newFramework(frameworkProperties(config, data, topology, storage));
        EmbeddedFabric fabric = new EmbeddedFabric(framework, storage, config);
        try {
            framework.init();
            framework.start();
            fabric.installAndStart();
            fabric.service(TopologyParser.class).read(topology);
            fabric.service(Journal.class);
            fabric.service(Topology.class);
            if (config.console()) {
                fabric.startConsole();
            }
            return fabric;
        } catch (RuntimeException | BundleException e) {
            fabric.close();
            if (e instanceof FabricException fe) {
                throw fe;
            }
            throw new FabricException(ErrorCode.UNAVAILABLE, "the fabric did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Returns a fabric service, waiting up to the configured start timeout for it to appear.
     *
     * @param <S> the service type
     * @param type a service interface of {@code fabric.api}
     * @return the service
     * @throws FabricException {@code UNAVAILABLE} when no such service appeared in time, naming the bundles
     *         that are not active
     */
    public <S> S service(Class<S> type) {
        ServiceTracker<?, ?> tracker = trackers.computeIfAbsent(type, t -> {
            ServiceTracker<?, ?> st = new ServiceTracker<>(context(), t.getName(), null);
            st.open();
            return st;
        });
        try {
            Object service = tracker.waitForService(config.startTimeout().toMillis());
            if (service == null) {
                throw new FabricException(ErrorCode.UNAVAILABLE, "no " + type.getSimpleName() + " service after "
                        + config.startTimeout().toSeconds() + " s" + inactiveBundles());
            }
            return type.cast(service);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FabricException(ErrorCode.UNAVAILABLE, "interrupted while waiting for " + type.getSimpleName());
        }
    }

    /**
     * Installs and starts a bundle, such as an OEM plugin.
     *
     * @param bundleFile the bundle jar
     * @return the started bundle
     * @throws FabricException {@code INVALID_ARGUMENT} when the file is not a bundle that resolves
     */
    public Bundle install(Path bundleFile) {
        try {
            Bundle bundle = context().installBundle(bundleFile.toUri().toString());
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                bundle.start();
            }
            return bundle;
        } catch (BundleException e) {
            throw new FabricException(ErrorCode.INVALID_ARGUMENT, bundleFile + ": " + e.getMessage(), e);
        }
    }

    /** @return a shell that runs Gogo commands in this fabric */
    public FabricShell shell() {
        return new FabricShell(context(), Duration.ofSeconds(10));
    }

    /** @return the framework's bundle context, for applications that need plain OSGi */
    public BundleContext context() {
        BundleContext context = framework.getBundleContext();
        if (context == null) {
            throw new FabricException(ErrorCode.UNAVAILABLE, "the fabric is stopped");
        }
        return context;
    }

    /**
     * Waits until the framework stops, for example when the interactive shell exits.
     *
     * @throws InterruptedException when interrupted
     */
    public void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops the framework and deletes its cache; the data directory stays. */
    @Override
    public void close() {
        trackers.values().forEach(ServiceTracker::close);
        trackers.clear();
        try {
            framework.stop();
            framework.waitForStop(30_000);
        } catch (BundleException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot stop the framework: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(frameworkStorage);
        }
    }

    private void installAndStart() throws BundleException {
        BundleContext context = context();
        List<Bundle> installed = new ArrayList<>();
        for (BundleSet.Entry entry : BundleSet.list()) {
            try (InputStream in = entry.source().open()) {
                installed.add(context.installBundle("fabric:" + entry.fileName(), in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundle " + entry.fileName(), e);
            }
        }
        for (Path extra : config.extraBundles()) {
            installed.add(context.installBundle(extra.toAbsolutePath().toUri().toString()));
        }
        // Resolve everything at once, the console included, so that a bundle whose requirements are
        // missing is reported now rather than when an operator first opens the shell.
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).resolveBundles(installed);
        List<String> failures = new ArrayList<>();
        for (Bundle b : installed) {
            if (b.getState() == Bundle.INSTALLED && b.getHeaders().get(Constants.FRAGMENT_HOST) == null
                    && CONSOLE_BUNDLE.equals(b.getSymbolicName())) {
                failures.add(b.getSymbolicName() + ": does not resolve");
            }
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null || CONSOLE_BUNDLE.equals(b.getSymbolicName())) {
                continue;
            }
            try {
                b.start();
            } catch (BundleException e) {
                failures.add(b.getSymbolicName() + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new FabricException(ErrorCode.UNAVAILABLE, "bundles did not start: " + String.join("; ", failures));
        }
    }

    private void startConsole() throws BundleException {
        for (Bundle b : context().getBundles()) {
            if (CONSOLE_BUNDLE.equals(b.getSymbolicName())) {
                b.start();
                return;
            }
        }
        throw new FabricException(ErrorCode.UNAVAILABLE, "this runtime carries no " + CONSOLE_BUNDLE);
    }

    private String inactiveBundles() {
        List<String> inactive = new ArrayList<>();
        for (Bundle b : context().getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (!fragment && b.getState() != Bundle.ACTIVE && !CONSOLE_BUNDLE.equals(b.getSymbolicName())) {
                inactive.add(b.getSymbolicName());
            }
        }
        return inactive.isEmpty() ? "" : "; bundles not active: " + String.join(", ", inactive);
    }

    private static Map<String, String> frameworkProperties(FabricConfig config, Path data, Path topology,
            Path storage) {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_BOOTDELEGATION, "sun.*,com.sun.*,jdk.internal.*");
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "sun.misc,sun.nio.ch,jdk.internal.misc,jdk.internal.ref,jdk.internal.util," + ApiExports.header());
        p.put(DATA_PROPERTY, data.toString());
        p.put(TOPOLOGY_PROPERTY, topology.toString());
        p.put("ds.loglevel", "warn");
        p.put("ds.delayed.keepInstances", "true");
        p.putAll(config.properties());
        return p;
    }

    /**
     * Copies the demo's signed firmware packages to {@code <data>/firmware}, the update run's default
     * package directory, leaving files already there alone.
     */
    private static void demoFirmware(Path data) {
        Path target = data.resolve("firmware");
        try (InputStream list = EmbeddedFabric.class.getResourceAsStream("demo/firmware/packages.txt")) {
            if (list == null) {
                return;
            }
            Files.createDirectories(target);
            for (String line : new String(list.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                Path file = target.resolve(name.substring(name.lastIndexOf('/') + 1));
                if (Files.exists(file)) {
                    continue;
                }
                try (InputStream in = EmbeddedFabric.class.getResourceAsStream("demo/firmware/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("this runtime lists demo/firmware/" + name + " but does not carry it");
                    }
                    Files.copy(in, file);
                }
            }
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static Path demoTopology(Path data) {
        demoFirmware(data);
        Path file = data.resolve("demo-topology.json");
        try (InputStream in = EmbeddedFabric.class.getResourceAsStream("demo/topology.json")) {
            if (in == null) {
                throw new IllegalStateException("this runtime carries no demo topology");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover framework cache in the temporary folder is harmless.
        }
    }
}
