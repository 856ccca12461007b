package fabric.cluster.internal.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The demo topology file as a JSON tree that a test breaks in one place. */
final class DemoDocument {

    /** The demo file, relative to the module's folder where the tests run. */
    static final Path FILE = Path.of("../demo/topology.json");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode root;

    private DemoDocument(ObjectNode root) {
        this.root = root;
    }

    static DemoDocument load() {
        try {
            return new DemoDocument((ObjectNode) MAPPER.readTree(text()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text() {
        try {
            return Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ObjectNode root() {
        return root;
    }

    ObjectNode stamp() {
        return (ObjectNode) ((ArrayNode) root.get("stamps")).get(0);
    }

    ObjectNode scaleUnit() {
        return (ObjectNode) ((ArrayNode) stamp().get("scaleUnits")).get(0);
    }

    ArrayNode nodes() {
        return (ArrayNode) scaleUnit().get("nodes");
    }

    ObjectNode node(int index) {
        return (ObjectNode) nodes().get(index);
    }

    ArrayNode disks(int node) {
        return (ArrayNode) node(node).get("disks");
    }

    ObjectNode disk(int node, int index) {
        return (ObjectNode) disks(node).get(index);
    }

    ArrayNode nics(int node) {
        return (ArrayNode) node(node).get("nics");
    }

    ObjectNode nic(int node, int index) {
        return (ObjectNode) nics(node).get(index);
    }

    /** Applies a change to every node, as a file that declares all nodes the same way. */
    DemoDocument eachNode(java.util.function.Consumer<ObjectNode> change) {
        for (JsonNode node : nodes()) {
            change.accept((ObjectNode) node);
        }
        return this;
    }

    String json() {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
