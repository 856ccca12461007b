package fabric.api.lifecycle;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.core.ScaleUnitId;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.ValidationResult;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The firmware lifecycle of the fabric: which OEM providers are there, how each node stands against
 * a certified baseline, and what an update would do. Thread-safe. Nothing here changes state:
 * compliance, validation and plans only read.
 *
 * <p>Providers are tracked as they come and go; a node whose vendor has no provider registered is
 * reported as {@code waiting for provider <vendor>}.
 */
@ProviderType
public interface LifecycleService {

    /** @return every vendor with at least one registered OEM service, by vendor key */
    List<VendorProvider> vendors();

    /** @return every registered hardware profile, by vendor then model */
    List<HardwareProfile> profiles();

    /**
     * Checks a firmware package file with its vendor's validator.
     *
     * @param file the package file
     * @param node the node to check it against (inventory, model, baseline), or {@code null} to
     *        check the package alone (signature, vendor, payload)
     * @param baseline the target baseline name, or {@code null} for the model's newest
     * @return the verdict with every finding
     * @throws FabricException {@code INVALID_ARGUMENT} for a malformed file; {@code NOT_FOUND} for
     *         an unknown node or file; {@code UNAVAILABLE} when the vendor's provider is not there
     */
    ValidationResult validate(Path file, NodeId node, String baseline);

    /**
     * @param scaleUnit a scale unit
     * @param baseline a baseline name, or {@code null} for each model's newest
     * @return each node's compliance
     * @throws FabricException {@code NOT_FOUND} for an unknown scale unit
     */
    ComplianceReport compliance(ScaleUnitId scaleUnit, String baseline);

    /**
     * Plans the update of a scale unit to a baseline, one node at a time. A dry run: changes nothing.
     *
     * @param scaleUnit a scale unit
     * @param baseline a baseline name, or {@code null} for each model's newest
     * @return the plan
     * @throws FabricException {@code NOT_FOUND} for an unknown scale unit
     */
    UpdatePlan plan(ScaleUnitId scaleUnit, String baseline);

    /**
     * Plans the update as {@link #plan(ScaleUnitId, String)} does, with a run's pre- and post-update
     * hooks as steps of each updated node (estimated from their calls measured in earlier runs).
     *
     * @param scaleUnit a scale unit
     * @param baseline a baseline name, or {@code null} for each model's newest
     * @param preHooks the {@link UpdateHook}s a run would call before each node, in order
     * @param postHooks the {@link UpdateHook}s a run would call after each node, in order
     * @return the plan
     * @throws FabricException {@code NOT_FOUND} for an unknown scale unit
     * @since 1.2.0
     */
    UpdatePlan plan(ScaleUnitId scaleUnit, String baseline, List<String> preHooks, List<String> postHooks);
}
