package fabric.api.teaming;

import java.util.List;

/**
 * One NIC of a team.
 *
 * @param nic the NIC's name
 * @param up false after a failure until it is restored
 * @param speedGbps the link speed
 * @param vports the vPorts pinned to it (Hyper-V port distribution; empty for dynamic)
 * @param classes per traffic class counters
 */
public record UplinkStatus(String nic, boolean up, int speedGbps, List<String> vports, List<ClassCounters> classes) {

    /** Copies the lists. */
    public UplinkStatus {
        vports = List.copyOf(vports);
        classes = List.copyOf(classes);
    }
}
