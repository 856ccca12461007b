package fabric.api.storage;

import fabric.api.core.FabricException;
import fabric.api.core.ScaleUnitId;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** The storage engine: one pool per scale unit, and the NBD exports of its volumes. */
@ProviderType
public interface StorageService {

    /** @return every pool, in the topology's order */
    List<StoragePool> pools();

    /**
     * @param scaleUnit a scale unit
     * @return its pool
     * @throws FabricException {@code NOT_FOUND}
     */
    StoragePool pool(ScaleUnitId scaleUnit);

    /**
     * Serves a volume over NBD under its own name.
     *
     * @param scaleUnit the scale unit of its pool
     * @param volume the volume
     * @return the export
     * @throws FabricException {@code NOT_FOUND}; {@code ALREADY_EXISTS} when a volume of that name is exported
     */
    NbdExport export(ScaleUnitId scaleUnit, String volume);

    /**
     * Stops serving an export; connected clients get errors on their next request.
     *
     * @param name the export name
     * @throws FabricException {@code NOT_FOUND}
     */
    void unexport(String name);

    /** @return every export, by name */
    List<NbdExport> exports();
}
