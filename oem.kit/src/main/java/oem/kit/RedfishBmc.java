package oem.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.NodeId;
import fabric.api.oem.ApplyTime;
import fabric.api.oem.BaseboardController;
import fabric.api.oem.ComponentTarget;
import fabric.api.oem.FirmwarePackage;
import fabric.api.oem.FirmwareVersion;
import fabric.api.oem.HardwareComponent;
import fabric.api.oem.HardwareProfile;
import fabric.api.oem.InstalledFirmware;
import fabric.api.oem.NodeInventory;
import fabric.api.oem.PowerState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link BaseboardController} that speaks Redfish (DMTF DSP0266) over HTTP/JSON to a node's real
 * BMC, with {@link java.net.http.HttpClient} and HTTP Basic authentication.
 *
 * <ul>
 * <li>Inventory: {@code GET /redfish/v1/UpdateService/FirmwareInventory} and each member
 * ({@code SoftwareInventory}: {@code Id}, {@code SoftwareId}, {@code Version}). A member whose
 * {@code Id} or {@code SoftwareId} is a component of the node's profile (optionally prefixed
 * {@code Installed-}) is what runs; {@code Available-<component>} is an image staged and not applied,
 * {@code Pending-<component>} one applied on reset (the iDRAC naming). Power from the host's
 * {@code ComputerSystem} ({@code PowerState}). Redfish reports no boot count: 0.</li>
 * <li>Stage: a multipart push to the {@code UpdateService}'s {@code MultipartHttpPushUri}: part
 * {@code UpdateParameters} ({@code Targets}, {@code @Redfish.OperationApplyTime:
 * OnStartUpdateRequest}, the package id and version under {@code Oem.Fabric}), part
 * {@code UpdateFile} (the payload).</li>
 * <li>Apply: {@code UpdateService.StartUpdate} with the target and {@code Immediate} or {@code OnReset}.</li>
 * <li>Reboot: {@code ComputerSystem.Reset} ({@code ForceRestart} when on, {@code On} when off).</li>
 * </ul>
 * An answer of 202 with a {@code Location} is a task: it is followed until it completes, at most the
 * endpoint's task timeout. Errors become {@link FabricException}s naming the node, the request and
 * the BMC's own words (Redfish {@code error} with {@code @Message.ExtendedInfo}): 400 is
 * {@code INVALID_ARGUMENT}, 401/403 (credentials) and 409/412 {@code FAILED_PRECONDITION}, 404
 * {@code NOT_FOUND}, 503 and an unreachable BMC {@code UNAVAILABLE}, anything else {@code INTERNAL}.
 * Every operation reads the inventory first and does nothing when its effect is there (idempotent).
 * Calls on one controller are made from one thread at a time.
 */
public final class RedfishBmc implements BaseboardController {

    private static final Set<String> RUNNING_TASK = Set.of("New", "Starting", "Running", "Pending", "Suspended",
            "Interrupted", "Stopping", "Cancelling", "Service");

    private final RedfishEndpoint endpoint;
    private final NodeId node;
    private final HardwareProfile profile;
    private final HttpClient http;
    private final String authorization;
    private String systemPath;

    /**
     * @param endpoint where the BMC answers and how to log in
     * @param profile the node's certified model (its components and their kinds)
     * @param http the client (its connect timeout applies)
     */
    public RedfishBmc(RedfishEndpoint endpoint, HardwareProfile profile, HttpClient http) {
        this.endpoint = endpoint;
        this.node = NodeId.of(endpoint.node());
        this.profile = profile;
        this.http = http;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((endpoint.user() + ":"
                + endpoint.password()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param endpoint where the BMC answers and how to log in
     * @param profile the node's certified model
     * @return a controller with an HTTP/1.1 client that connects within 10 seconds
     */
    public static RedfishBmc of(RedfishEndpoint endpoint, HardwareProfile profile) {
        // HTTP/1.1: what BMCs speak; no h2c upgrade attempt on plain http.
        return new RedfishBmc(endpoint, profile, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build());
    }

    @Override
    public NodeId node() {
        return node;
    }

    /** @return where it answers */
    public RedfishEndpoint endpoint() {
        return endpoint;
    }

    private record Member(String uri, String component, String slot, FirmwareVersion version) {
    }

    private List<Member> members() {
        JsonNode list = get("/redfish/v1/UpdateService/FirmwareInventory");
        Map<String, HardwareComponent> components = new HashMap<>();
        profile.components().forEach(c -> components.put(c.id(), c));
        List<Member> out = new ArrayList<>();
        for (JsonNode ref : list.path("Members")) {
            String uri = ref.path("@odata.id").asText();
            JsonNode m = get(uri);
            String id = m.path("Id").asText();
            String slot = "Installed";
            int dash = id.indexOf('-');
            if (dash > 0 && Set.of("Installed", "Available", "Pending", "Previous").contains(id.substring(0, dash))) {
                slot = id.substring(0, dash);
                id = id.substring(dash + 1);
            }
            if (!components.containsKey(id)) {
                id = m.path("SoftwareId").asText();
            }
            if (!components.containsKey(id) || !m.hasNonNull("Version")) {
                continue; // A component the profile does not certify (or the previous bank): not ours.
            }
            FirmwareVersion version;
            try {
                version = FirmwareVersion.of(m.get("Version").asText());
            } catch (FabricException e) {
                throw new FabricException(ErrorCode.INTERNAL, where() + ": " + uri + " reports version '"
                        + m.get("Version").asText() + "': " + e.getMessage());
            }
            out.add(new Member(uri, id, slot, version));
        }
        return out;
    }

    @Override
    public NodeInventory inventory() {
        List<Member> members = members();
        List<InstalledFirmware> components = new ArrayList<>();
        for (HardwareComponent c : profile.components()) {
            FirmwareVersion installed = null;
            FirmwareVersion staged = null;
            FirmwareVersion pending = null;
            for (Member m : members) {
                if (m.component.equals(c.id())) {
                    switch (m.slot) {
                        case "Installed" -> installed = m.version;
                        case "Available" -> staged = m.version;
                        case "Pending" -> pending = m.version;
                        default -> { }
                    }
                }
            }
            if (installed == null) {
                throw new FabricException(ErrorCode.FAILED_PRECONDITION, where() + " reports no firmware for "
                        + c.id() + " (" + c.kind() + ") in its FirmwareInventory");
            }
            components.add(new InstalledFirmware(c.id(), c.kind(), installed, staged, pending));
        }
        return new NodeInventory(node, profile.vendor(), profile.model(), components, powerState(), 0);
    }

    private String inventoryUri(String component) {
        for (Member m : members()) {
            if (m.component.equals(component) && m.slot.equals("Installed")) {
                return m.uri;
            }
        }
        throw FabricException.notFound("firmware inventory member of " + node, component);
    }

    @Override
    public void stage(FirmwarePackage pkg) {
        String c = pkg.descriptor().componentId();
        if (profile.components().stream().noneMatch(h -> h.id().equals(c))) {
            throw FabricException.invalid("package " + pkg.descriptor().packageId(), node + " has no component '" + c
                    + "'");
        }
        FirmwareVersion v = pkg.descriptor().version();
        InstalledFirmware now = inventory().component(c).orElseThrow();
        if (v.equals(now.version()) || v.equals(now.staged()) || v.equals(now.pending())) {
            return;
        }
        JsonNode service = get("/redfish/v1/UpdateService");
        String push = service.path("MultipartHttpPushUri").asText("");
        if (push.isEmpty()) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, where() + ": its UpdateService offers no"
                    + " MultipartHttpPushUri (SimpleUpdate would need an image URI the fabric does not serve)");
        }
        ObjectNode params = DescriptorJson.MAPPER.createObjectNode();
        params.putArray("Targets").add(inventoryUri(c));
        params.put("@Redfish.OperationApplyTime", "OnStartUpdateRequest");
        ObjectNode fabric = params.putObject("Oem").putObject("Fabric");
        fabric.put("PackageId", pkg.descriptor().packageId());
        fabric.put("Component", c);
        fabric.put("Version", v.value());
        String boundary = "fabric-" + Long.toHexString(pkg.descriptor().packageId().hashCode() & 0xffffffffL)
                + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"UpdateParameters\"\r\n"
                    + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(DescriptorJson.MAPPER.writeValueAsBytes(params));
            body.write(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"UpdateFile\"; filename=\""
                    + pkg.descriptor().packageId() + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(pkg.payload());
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, "cannot build the multipart body: " + e.getMessage(), e);
        }
        send("POST", push, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()),
                "multipart/form-data; boundary=" + boundary);
    }

    @Override
    public void apply(ComponentTarget target, ApplyTime when) {
        InstalledFirmware now = inventory().component(target.componentId()).orElseThrow(() -> FabricException
                .notFound("component of " + node, target.componentId()));
        FirmwareVersion v = target.version();
        if (v.equals(now.version()) || when == ApplyTime.ON_RESET && v.equals(now.pending())) {
            return;
        }
        if (!v.equals(now.staged())) {
            throw new FabricException(ErrorCode.FAILED_PRECONDITION, node + ": " + target.componentId() + " " + v
                    + " is not staged" + (now.staged() == null ? "" : " (" + now.staged() + " is)"));
        }
        JsonNode service = get("/redfish/v1/UpdateService");
        String start = service.path("Actions").path("#UpdateService.StartUpdate").path("target")
                .asText("/redfish/v1/UpdateService/Actions/UpdateService.StartUpdate");
        ObjectNode body = DescriptorJson.MAPPER.createObjectNode();
        body.putArray("Targets").add(inventoryUri(target.componentId()));
        body.put("@Redfish.OperationApplyTime", when == ApplyTime.IMMEDIATE ? "Immediate" : "OnReset");
        post(start, body);
    }

    @Override
    public void reboot() {
        JsonNode system = get(systemPath());
        String reset = system.path("Actions").path("#ComputerSystem.Reset").path("target")
                .asText(systemPath() + "/Actions/ComputerSystem.Reset");
        ObjectNode body = DescriptorJson.MAPPER.createObjectNode();
        body.put("ResetType", "On".equals(system.path("PowerState").asText()) ? "ForceRestart" : "On");
        post(reset, body);
    }

    @Override
    public PowerState powerState() {
        return "On".equals(get(systemPath()).path("PowerState").asText()) ? PowerState.ON : PowerState.OFF;
    }

    private String systemPath() {
        if (systemPath == null) {
            if (endpoint.system() != null) {
                systemPath = "/redfish/v1/Systems/" + endpoint.system();
            } else {
                JsonNode members = get("/redfish/v1/Systems").path("Members");
                if (members.isEmpty()) {
                    throw new FabricException(ErrorCode.FAILED_PRECONDITION, where() + " lists no Systems");
                }
                systemPath = members.get(0).path("@odata.id").asText();
            }
        }
        return systemPath;
    }

    private String where() {
        return "BMC of " + node + " (" + endpoint.address() + ")";
    }

    private JsonNode get(String path) {
        return json(send("GET", path, HttpRequest.BodyPublishers.noBody(), null), path);
    }

    private void post(String path, JsonNode body) {
        try {
            send("POST", path, HttpRequest.BodyPublishers.ofByteArray(DescriptorJson.MAPPER.writeValueAsBytes(body)),
                    "application/json");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FabricException(ErrorCode.INTERNAL, e.getMessage(), e);
        }
    }

    private JsonNode json(HttpResponse<String> r, String path) {
        try {
            return DescriptorJson.MAPPER.readTree(r.body().isEmpty() ? "{}" : r.body());
        } catch (IOException e) {
            throw new FabricException(ErrorCode.INTERNAL, where() + ": GET " + path + " answered no JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Sends a request; follows a task (202 with a Location) to its end; maps errors. */
    private HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String type) {
        HttpResponse<String> r = exchange(method, path, body, type);
        if (r.statusCode() == 202 && r.headers().firstValue("Location").isPresent()) {
            return follow(method + " " + path, r.headers().firstValue("Location").get());
        }
        return r;
    }

    private HttpResponse<String> follow(String what, String monitor) {
        Instant deadline = Instant.now().plus(endpoint.taskTimeout());
        while (true) {
            HttpResponse<String> r = exchange("GET", monitor, HttpRequest.BodyPublishers.noBody(), null);
            JsonNode task = json(r, monitor);
            String state = task.path("TaskState").asText(r.statusCode() == 202 ? "Running" : "Completed");
            if (!RUNNING_TASK.contains(state)) {
                if (!state.equals("Completed")) {
                    List<String> messages = new ArrayList<>();
                    task.path("Messages").forEach(m -> messages.add(m.path("MessageId").asText() + ": "
                            + m.path("Message").asText()));
                    throw new FabricException(ErrorCode.FAILED_PRECONDITION, where() + ": " + what + ": task "
                            + monitor + " ended " + state + (messages.isEmpty() ? "" : ": " + String.join("; ",
                                    messages)));
                }
                return r;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new FabricException(ErrorCode.UNAVAILABLE, where() + ": " + what + ": task " + monitor
                        + " still " + state + " after " + endpoint.taskTimeout());
            }
            try {
                Thread.sleep(500); // A BMC's update task: minutes, polled twice a second.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FabricException(ErrorCode.UNAVAILABLE, where() + ": interrupted while following " + monitor);
            }
        }
    }

    private HttpResponse<String> exchange(String method, String path, HttpRequest.BodyPublisher body, String type) {
        URI uri = endpoint.address().resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
                .header("Authorization", authorization).header("Accept", "application/json")
                .header("OData-Version", "4.0").method(method, body);
        if (type != null) {
            b.header("Content-Type", type);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FabricException(ErrorCode.UNAVAILABLE, where() + " did not answer " + method + " " + path + ": "
                    + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FabricException(ErrorCode.UNAVAILABLE, where() + ": interrupted during " + method + " " + path);
        }
        if (r.statusCode() >= 400) {
            throw error(method, path, r);
        }
        return r;
    }

    /** Maps a Redfish error answer to a FabricException with the BMC's own words. */
    private FabricException error(String method, String path, HttpResponse<String> r) {
        int status = r.statusCode();
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.INVALID_ARGUMENT;
            case 401, 403, 405, 409, 412 -> ErrorCode.FAILED_PRECONDITION;
            case 404 -> ErrorCode.NOT_FOUND;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> ErrorCode.INTERNAL;
        };
        StringBuilder words = new StringBuilder();
        try {
            JsonNode error = DescriptorJson.MAPPER.readTree(r.body()).path("error");
            if (!error.isMissingNode()) {
                words.append(error.path("code").asText("")).append(": ").append(error.path("message").asText(""));
                for (JsonNode info : error.path("@Message.ExtendedInfo")) {
                    words.append("; ").append(info.path("MessageId").asText("")).append(": ")
                            .append(info.path("Message").asText(""));
                    if (info.hasNonNull("Resolution")) {
                        words.append(" (").append(info.get("Resolution").asText()).append(')');
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not a Redfish error body: the status alone says it.
        }
        String hint = status == 401 || status == 403 ? " (credentials rejected: check the BMC file)" : "";
        return new FabricException(code, where() + ": " + method + " " + path + " answered " + status + hint
                + (words.length() == 0 ? "" : ": " + words));
    }
}
