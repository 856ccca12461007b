package fabric.api.storage;

import java.util.Objects;

/**
 * A volume served over NBD: {@code nbd://host:port/name}.
 *
 * @param name the export name clients ask for (the volume's name)
 * @param scaleUnit the scale unit of the volume's pool
 * @param volume the volume
 * @param host the address the server listens on (loopback)
 * @param port its TCP port
 */
public record NbdExport(String name, String scaleUnit, String volume, String host, int port) {

    /** Validates every part. */
    public NbdExport {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scaleUnit, "scaleUnit");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("export " + name + ": port must be 1-65535, not " + port);
        }
    }

    /** @return the export as an NBD URI, as qemu-img and nbdinfo take it */
    public String uri() {
        return "nbd://" + host + ":" + port + "/" + name;
    }
}
