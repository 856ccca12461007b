package fabric.api.compute;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A device attached to a guest: a vNIC (networking) or a virtual disk (storage). The areas that own
 * those devices implement this; the guest endpoint tells them when the guest starts, stops or moves.
 */
@ConsumerType
public interface GuestDevice {

    /** @return the device's name, as the VM's specification lists it */
    String name();

    /** @return what kind of device it is */
    GuestDeviceKind kind();

    /** The guest started (or resumed on a new node); the device goes live. */
    default void guestStarted() {
    }

    /**
     * The guest started (or resumed on a new node) on an endpoint; the device goes live there. Drivers
     * call this one; the default calls {@link #guestStarted()}.
     *
     * @param endpoint the guest's endpoint, on the node it now runs on
     * @since 1.1
     */
    default void guestStarted(GuestEndpoint endpoint) {
        guestStarted();
    }

    /**
     * @return the device's state in a few words, for people (e.g. a vNIC's network, address and
     *         whether it is plugged); empty when there is nothing to say
     * @since 1.1
     */
    default String describe() {
        return "";
    }

    /** The guest stopped (or paused to leave its node); the device goes quiet. */
    default void guestStopped() {
    }
}
