package fabric.api.oem;

import fabric.api.core.Names;
import java.util.Objects;
import java.util.Optional;

/**
 * One component of a node as its BMC reports it (a Redfish {@code SoftwareInventory} entry).
 *
 * @param componentId the component's key, as in the node's profile
 * @param kind what it is
 * @param version the version running now
 * @param staged the version uploaded to the component's staging slot and not yet applied, or {@code null}
 * @param pending the version applied with "on reset" and activated by the next reboot, or {@code null}
 */
public record InstalledFirmware(String componentId, ComponentKind kind, FirmwareVersion version,
        FirmwareVersion staged, FirmwareVersion pending) {

    /** Checks the required fields. */
    public InstalledFirmware {
        Names.require("component", componentId);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
    }

    /** @return the staged version, if any */
    public Optional<FirmwareVersion> stagedVersion() {
        return Optional.ofNullable(staged);
    }

    /** @return the version waiting for a reboot, if any */
    public Optional<FirmwareVersion> pendingVersion() {
        return Optional.ofNullable(pending);
    }
}
