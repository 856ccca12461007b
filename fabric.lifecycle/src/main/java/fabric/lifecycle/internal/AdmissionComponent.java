package fabric.lifecycle.internal;

import fabric.api.compute.ComputeService;
import fabric.api.core.NodeId;
import fabric.api.lifecycle.Admission;
import fabric.api.lifecycle.AdmissionService;
import fabric.api.storage.StorageService;
import fabric.api.topology.Topology;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@link AdmissionService}: the update run's pre-check, offered on its own. Reads only. */
@Component(service = AdmissionService.class)
public final class AdmissionComponent implements AdmissionService {

    private final AdmissionCheck check;

    /**
     * @param topology the topology and quorum
     * @param compute allocations, VMs and the N-1 reserve
     * @param storage pools, disks and volumes
     */
    @Activate
    public AdmissionComponent(@Reference(name = "topology") Topology topology,
            @Reference(name = "compute") ComputeService compute, @Reference(name = "storage") StorageService storage) {
        this.check = new AdmissionCheck(topology, compute, storage);
    }

    @Override
    public Admission admission(NodeId node) {
        return check.assess(node);
    }
}
