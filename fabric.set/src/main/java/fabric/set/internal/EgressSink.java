package fabric.set.internal;

import org.agrona.DirectBuffer;

/** Where an uplink's transmitted frames go: the underlay, a capture, a test's receiver. */
@FunctionalInterface
public interface EgressSink {

    /**
     * @param nic the NIC that sent the frame
     * @param trafficClass the index of the frame's traffic class
     * @param vport the id of the vPort that sent it
     * @param frame the bytes, valid only during the call
     * @param offset first byte
     * @param length bytes
     */
    void transmitted(String nic, int trafficClass, int vport, DirectBuffer frame, int offset, int length);
}
