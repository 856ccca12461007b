package fabric.api.network.controller;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;

/**
 * A conditional write whose {@code If-Match} or {@code If-None-Match} did not hold: the resource
 * changed (or exists, or is absent) since the caller read it. Nothing was changed. REST answers 412.
 */
public final class EtagMismatchException extends FabricException {

    private static final long serialVersionUID = 1L;

    /** @param message one line naming the resource and the tags compared */
    public EtagMismatchException(String message) {
        super(ErrorCode.FAILED_PRECONDITION, message);
    }
}
