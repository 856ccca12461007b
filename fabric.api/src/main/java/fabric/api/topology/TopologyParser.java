package fabric.api.topology;

import fabric.api.core.FabricException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads and validates a topology file (JSON: region, stamps, scale units, nodes with disks and
 * NICs). Stateless: it changes nothing in the running fabric, so tools and launchers use it to
 * check a file before anything starts.
 */
@ProviderType
public interface TopologyParser {

    /**
     * Reads a topology file.
     *
     * @param file the file
     * @return the validated region
     * @throws FabricException {@code INVALID_ARGUMENT} with one {@link fabric.api.core.Violation} per broken rule,
     *         each naming the field by its path (such as {@code stamps[0].scaleUnits[0].nodes[2].disks[1].role});
     *         the message is one line naming the file and the first problem
     */
    RegionSpec read(Path file);

    /**
     * Parses topology text.
     *
     * @param json the JSON text
     * @param source what the text came from, for messages
     * @return the validated region
     * @throws FabricException as {@link #read(Path)}
     */
    RegionSpec parse(String json, String source);
}
