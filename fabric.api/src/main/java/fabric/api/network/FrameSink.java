package fabric.api.network;

import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What receives the Ethernet frames a {@link VPort} delivers: a guest's vNIC, a host vNIC, a test
 * endpoint. Implemented by whoever attaches to a port (compute attaches VMs).
 */
@ConsumerType
public interface FrameSink {

    /**
     * Receives one frame, on the data path's thread. The frame is the buffer's bytes between its
     * position and limit, valid only during the call: copy what must be kept. The sink may send on
     * its own port from inside this call, but must have read the frame before it does.
     *
     * @param frame the Ethernet frame
     */
    void receive(ByteBuffer frame);
}
