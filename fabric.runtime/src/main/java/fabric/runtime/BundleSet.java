package fabric.runtime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The bundle jars this runtime carries under {@value #FOLDER}, whether it runs from a jar or, in a
 * development build, from a class folder.
 */
final class BundleSet {

    static final String FOLDER = "fabric/runtime/bundles/";

    /** A bundle jar: its file name and how to read it. */
    record Entry(String fileName, StreamSource source) {
    }

    /** Opens a bundle's bytes. */
    interface StreamSource {
        InputStream open() throws IOException;
    }

    private BundleSet() {
    }

    /** @return every bundle jar, sorted by file name */
    static List<Entry> list() {
        URL url = BundleSet.class.getClassLoader().getResource(FOLDER);
        if (url == null) {
            throw new IllegalStateException("this runtime carries no bundles under " + FOLDER
                    + "; build it with Maven (mvn package)");
        }
        try {
            List<Entry> entries = switch (url.getProtocol()) {
                case "file" -> fromFolder(Path.of(url.toURI()));
                case "jar" -> fromJar(url);
                default -> throw new IllegalStateException("cannot list bundles at " + url);
            };
            entries.sort((a, b) -> a.fileName().compareTo(b.fileName()));
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list bundles at " + url, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Entry> fromFolder(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .map(p -> new Entry(p.getFileName().toString(), () -> Files.newInputStream(p)))
                    .toList());
        }
    }

    private static List<Entry> fromJar(URL url) throws IOException {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        Path jarPath;
        try {
            jarPath = Path.of(connection.getJarFileURL().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        List<Entry> entries = new ArrayList<>();
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            Enumeration<JarEntry> all = jar.entries();
            while (all.hasMoreElements()) {
                JarEntry e = all.nextElement();
                String name = e.getName();
                if (name.startsWith(FOLDER) && name.endsWith(".jar") && name.indexOf('/', FOLDER.length()) < 0) {
                    entries.add(new Entry(name.substring(FOLDER.length()), open(jarPath, name)));
                }
            }
        }
        return entries;
    }

    private static StreamSource open(Path jarPath, String name) {
        return () -> {
            JarFile jar = new JarFile(jarPath.toFile());
            return new FilterInputStream(jar.getInputStream(jar.getEntry(name))) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        jar.close();
                    }
                }
            };
        };
    }
}
