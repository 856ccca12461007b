package fabric.api.lifecycle;

import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Answers "is it safe to take this node down now?" with the figures behind the answer: quorum
 * margin, N-1 headroom and what each volume would suffer. Reads only; changes nothing. An update
 * run's pre-check asks the same question.
 */
@ProviderType
public interface AdmissionService {

    /**
     * @param node a node of the topology
     * @return the figures and the verdict, with every reason it is unsafe
     * @throws FabricException {@code NOT_FOUND} for an unknown node
     */
    Admission admission(NodeId node);
}
