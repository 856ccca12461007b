package oem.kit;

import com.fasterxml.jackson.databind.JsonNode;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a node's Redfish BMC answers and how the fabric logs in, as an operator writes it in the BMC
 * file (never in code):
 *
 * <pre>
 * {"nodes": {
 *   "node-1": {"address": "https://10.0.0.11", "user": "fabric", "passwordFile": "/etc/fabric/node-1.pw",
 *              "system": "System.Embedded.1", "taskTimeoutSeconds": 1800}
 * }}
 * </pre>
 *
 * {@code passwordFile} (read when the file is read, trailing line break dropped) or {@code password};
 * {@code system} is the {@code Systems} member of the host (default: the first member);
 * {@code taskTimeoutSeconds} bounds how long an update task is followed (default 1800). A relative
 * {@code passwordFile} is resolved against the BMC file's directory. HTTPS uses the JVM's trust
 * store: import a BMC's certificate there.
 *
 * @param node the node's name
 * @param address the BMC's base URI, such as {@code https://10.0.0.11}
 * @param user the account
 * @param password its password
 * @param system the host's {@code Systems} member id, or {@code null} for the first one
 * @param taskTimeout how long an update task is followed
 */
public record RedfishEndpoint(String node, URI address, String user, String password, String system,
        Duration taskTimeout) {

    /** Checks the fields. */
    public RedfishEndpoint {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(address, "address");
        if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme())) {
            throw FabricException.invalid("BMC of " + node, "address '" + address + "' is not an http(s) URI");
        }
        if (user == null || user.isBlank()) {
            throw FabricException.invalid("BMC of " + node, "a user is required");
        }
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(taskTimeout, "taskTimeout");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "RedfishEndpoint[" + node + " " + address + " as " + user + "]";
    }

    /**
     * Reads a BMC file.
     *
     * @param file the file
     * @return each node's endpoint, by node name
     * @throws FabricException {@code NOT_FOUND} for a missing file; {@code INVALID_ARGUMENT} naming
     *         the node and field for a malformed one
     */
    public static Map<String, RedfishEndpoint> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw FabricException.notFound("BMC file", file.toString());
        }
        JsonNode root;
        try {
            root = DescriptorJson.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw FabricException.invalid("BMC file " + file, "not JSON: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        JsonNode nodes = root == null ? null : root.get("nodes");
        if (nodes == null || !nodes.isObject()) {
            throw FabricException.invalid("BMC file " + file, "no \"nodes\" object");
        }
        Map<String, RedfishEndpoint> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = nodes.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), endpoint(file, e.getKey(), e.getValue()));
        }
        return out;
    }

    private static RedfishEndpoint endpoint(Path file, String node, JsonNode n) {
        String where = "BMC file " + file + ", node " + node;
        URI address;
        try {
            address = URI.create(text(n, "address", where));
        } catch (IllegalArgumentException e) {
            throw FabricException.invalid(where, "address: " + e.getMessage());
        }
        String password;
        if (n.hasNonNull("passwordFile")) {
            Path pw = Path.of(n.get("passwordFile").asText());
            if (!pw.isAbsolute() && file.getParent() != null) {
                pw = file.getParent().resolve(pw);
            }
            try {
                password = Files.readString(pw, StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException e) {
                throw new FabricException(ErrorCode.NOT_FOUND, where + ": password file " + pw + " unreadable: "
                        + e.getMessage());
            }
        } else if (n.hasNonNull("password")) {
            password = n.get("password").asText();
        } else {
            throw FabricException.invalid(where, "\"passwordFile\" or \"password\" is required");
        }
        String system = n.hasNonNull("system") ? n.get("system").asText() : null;
        long timeout = n.hasNonNull("taskTimeoutSeconds") ? n.get("taskTimeoutSeconds").asLong() : 1800;
        if (timeout <= 0) {
            throw FabricException.invalid(where, "taskTimeoutSeconds must be positive");
        }
        return new RedfishEndpoint(node, address, text(n, "user", where), password, system, Duration.ofSeconds(timeout));
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw FabricException.invalid(where, "\"" + field + "\" is required");
        }
        return v.asText();
    }
}
