package fabric.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Manifest;

/**
 * The {@code Export-Package} header of the {@code fabric.api} bundle on the class path, which the
 * system bundle re-exports so that the framework's bundles and the embedding application share the
 * API classes, with the versions bnd computed.
 */
final class ApiExports {

    private static final String API_BUNDLE = "fabric.api";

    private ApiExports() {
    }

    static String header() {
        try {
            Enumeration<URL> manifests = ApiExports.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                URL url = manifests.nextElement();
                try (InputStream in = url.openStream()) {
                    var attributes = new Manifest(in).getMainAttributes();
                    String bsn = attributes.getValue("Bundle-SymbolicName");
                    if (bsn != null && bsn.split(";")[0].trim().equals(API_BUNDLE)) {
                        String exports = attributes.getValue("Export-Package");
                        if (exports == null || exports.isBlank()) {
                            break;
                        }
                        return exports;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifests on the class path", e);
        }
        throw new IllegalStateException("the fabric.api bundle is not on the class path; add the fabric.api jar"
                + " (built by bnd, with its manifest)");
    }
}
