package fabric.api.lifecycle;

import fabric.api.core.Names;
import fabric.api.oem.FirmwareVersion;
import java.util.Objects;

/**
 * One component of a node against the target baseline.
 *
 * @param componentId the component's key
 * @param installed the version it runs, or {@code null} when unknown
 * @param target the baseline's version, or {@code null} when the baseline does not name it
 * @param status its standing
 * @param incompatibility why it is incompatible; non-null exactly when the status is {@code INCOMPATIBLE}
 * @param staged whether the target version is staged (or pending a reboot) on the node's BMC
 * @param detail one line explaining the status; empty when compliant
 */
public record ComponentCompliance(String componentId, FirmwareVersion installed, FirmwareVersion target,
        ComplianceStatus status, Incompatibility incompatibility, boolean staged, String detail) {

    /** Checks the fields. */
    public ComponentCompliance {
        Names.require("component", componentId);
        Objects.requireNonNull(status, "status");
        if ((status == ComplianceStatus.INCOMPATIBLE) != (incompatibility != null)) {
            throw new IllegalArgumentException("an incompatibility is required exactly for INCOMPATIBLE");
        }
        Objects.requireNonNull(detail, "detail");
    }
}
