package fabric.sdn.controller.internal;

import java.util.Optional;

/**
 * Who holds the controller's network interfaces (inside this bundle only): the VM binder tells the
 * controller which interface a VM holds, so that the controller refuses to delete it under the VM.
 */
public interface NicHolders {

    /**
     * @param networkInterface a network interface's name
     * @return the VM that holds it, if any
     */
    Optional<String> holder(String networkInterface);
}
