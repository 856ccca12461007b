package fabric.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The components' configuration rules (the components themselves run in fabric.itest). */
class ClusterComponentTest {

    @Test
    void theConfiguredTopologyFileWinsOverTheFrameworkProperty() {
        assertEquals(Path.of("/etc/fabric/topology.json"),
                ClusterComponent.topologyFile(" /etc/fabric/topology.json ", "/tmp/demo.json"));
        assertEquals(Path.of("/tmp/demo.json"), ClusterComponent.topologyFile("", "/tmp/demo.json"));
        assertEquals(Path.of("/tmp/demo.json"), ClusterComponent.topologyFile(null, "/tmp/demo.json"));
    }

    @Test
    void withoutATopologyFileTheClusterCannotStart() {
        FabricException e = assertThrows(FabricException.class, () -> ClusterComponent.topologyFile("", null));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.code());
        assertEquals("topology: no topology file: set 'topology' in configuration fabric.cluster or the framework"
                + " property fabric.topology", e.getMessage());
    }

    @Test
    void vendorKeysAreTrimmedAndLowerCase() {
        assertEquals(Set.of("dell", "hpe"), TopologyParserComponent.vendorKeys(new String[] {" Dell ", "hpe", " "}));
        assertEquals(Set.of(), TopologyParserComponent.vendorKeys(null));
    }
}
