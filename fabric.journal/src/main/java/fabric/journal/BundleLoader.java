package fabric.journal;

/**
 * Runs Chronicle code with this bundle's class loader as the thread's context class loader.
 *
 * <p>Chronicle and slf4j find their service providers (the direct-buffer cleaner, the logging back
 * end) and configuration files through the context class loader. Inside OSGi that loader belongs to
 * whoever called (the framework, SCR, the shell), which cannot see the jars embedded in this bundle.
 *
 * <pre>{@code
 * ClassLoader previous = BundleLoader.enter();
 * try {
 *     ... Chronicle ...
 * } finally {
 *     BundleLoader.exit(previous);
 * }
 * }</pre>
 */
final class BundleLoader {

    private BundleLoader() {
    }

    /** @return the context class loader it replaced, for {@link #exit} */
    static ClassLoader enter() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(BundleLoader.class.getClassLoader());
        return previous;
    }

    /** @param previous what {@link #enter} returned */
    static void exit(ClassLoader previous) {
        Thread.currentThread().setContextClassLoader(previous);
    }
}
