package fabric.sdn.internal.overlay;

import fabric.api.network.FrameSink;
import fabric.api.network.PortCounters;
import fabric.api.network.VPort;
import fabric.api.network.VPortSpec;
import fabric.api.network.VirtualNetworkSpec;
import fabric.sdn.internal.pcap.PcapWriter;
import java.nio.ByteBuffer;

/** A vPort on a host's virtual switch. Counters are written under the host's lock. */
public final class PortImpl implements VPort {

    final VPortSpec spec;
    final FrameSink sink;
    final HostAgent host;
    final VnetTable vnet;
    final long mac;
    final int ip;
    volatile boolean attached = true;
    PcapWriter capture;
    /** The firewall's state for this port (owned by the {@link PortFilter}); read under the host's lock. */
    public Object filterState;
    long rxFrames;
    long rxBytes;
    long txFrames;
    long txBytes;
    long drops;

    PortImpl(VPortSpec spec, FrameSink sink, HostAgent host, VnetTable vnet) {
        this.spec = spec;
        this.sink = sink;
        this.host = host;
        this.vnet = vnet;
        this.mac = spec.mac().value();
        this.ip = spec.address().value();
    }

    @Override
    public VPortSpec spec() {
        return spec;
    }

    @Override
    public boolean send(ByteBuffer frame) {
        return host.transmit(this, frame, false);
    }

    @Override
    public boolean sendWithHeadroom(ByteBuffer frame) {
        return host.transmit(this, frame, true);
    }

    @Override
    public PortCounters counters() {
        synchronized (host) {
            return new PortCounters(rxFrames, rxBytes, txFrames, txBytes, drops);
        }
    }

    @Override
    public boolean isAttached() {
        return attached;
    }

    /** @return the port's virtual network identifier */
    public int vni() {
        return vnet.vni;
    }

    /** @return the port's virtual network */
    public VirtualNetworkSpec virtualNetwork() {
        return vnet.spec;
    }

    /** @return the host agent the port is on */
    public HostAgent host() {
        return host;
    }

    /** @return the port's MAC */
    public long mac() {
        return mac;
    }

    /** @return the port's customer address */
    public int address() {
        return ip;
    }

    /** @return the port's name */
    public String name() {
        return spec.name();
    }

    @Override
    public String toString() {
        return "port " + spec.name();
    }
}
