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
}
