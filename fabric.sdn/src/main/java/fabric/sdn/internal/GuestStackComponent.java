package fabric.sdn.internal;

import fabric.api.network.GuestStack;
import fabric.api.network.GuestStacks;
import fabric.api.network.Ipv4Address;
import fabric.api.network.MacAddress;
import fabric.sdn.internal.overlay.GuestEndpoint;
import org.osgi.service.component.annotations.Component;

/** Offers the data plane's guest stack ({@link GuestEndpoint}) to whoever plugs guests into vNICs. */
@Component(service = GuestStacks.class)
public final class GuestStackComponent implements GuestStacks {

    @Override
    public GuestStack create(MacAddress mac, Ipv4Address address) {
        return new GuestEndpoint(mac, address);
    }
}
