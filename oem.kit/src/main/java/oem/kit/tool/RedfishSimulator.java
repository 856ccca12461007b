package oem.kit.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For tests and demos: a small Redfish-shaped BMC on the JDK's HTTP server, serving DMTF-shaped JSON: the service root's
 * {@code Systems} with one {@code ComputerSystem} ({@code PowerState}, {@code ComputerSystem.Reset}),
 * the {@code UpdateService} with {@code MultipartHttpPushUri} and {@code StartUpdate}, its
 * {@code FirmwareInventory} in the iDRAC naming ({@code Installed-}, {@code Available-},
 * {@code Pending-}), update tasks (202 with a {@code Location}), Basic authentication, and errors as
 * Redfish {@code error} bodies with {@code @Message.ExtendedInfo}. It records every request.
 */
public final class RedfishSimulator implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // The JDK's server writes a response's headers and body apart: without TCP_NODELAY every answer
        // waits for the client's delayed ACK (about 40 ms). Read once, when the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Installed firmware by component. */
    public final Map<String, String> installed = new LinkedHashMap<>();
    /** Staged images by component. */
    public final Map<String, String> staged = new LinkedHashMap<>();
    /** Images applied on reset by component. */
    public final Map<String, String> pending = new LinkedHashMap<>();
    /** Every request, {@code METHOD path}, oldest first. */
    public final List<String> requests = new ArrayList<>();
    /** Every payload pushed, oldest first. */
    public final List<byte[]> payloads = new ArrayList<>();
    /** The host's power state. */
    public String power = "On";
    /** How many times the host booted. */
    public int boots;
    /** When set, the next reset leaves the host off. */
    public boolean hangNextBoot;
    /** When set, the next request answers this status with a Redfish error body. */
    public int failNext;
    private final HttpServer server;
    private final String authorization;
    private int tasks;

    /**
     * Starts the simulator on an ephemeral loopback port.
     *
     * @param user the account it accepts
     * @param password its password
     * @throws IOException when the port cannot be bound
     */
    public RedfishSimulator(String user, String password) throws IOException {
        authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/redfish/v1", this::handle);
        server.start();
    }

    /** @return its base URI */
    public URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stops it. */
    @Override
    public void close() {
        server.stop(0);
    }

    private static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getPath();
            byte[] body = x.getRequestBody().readAllBytes();
            synchronized (this) {
                requests.add(method + " " + path);
                if (!authorization.equals(x.getRequestHeaders().getFirst("Authorization"))) {
                    error(x, 401, "Base.1.8.GeneralError", "A general error has occurred.", "Base.1.8.NoValidSession",
                            "There is no valid session established with the implementation.",
                            "Establish a session before attempting any operations.");
                    return;
                }
                if (failNext != 0) {
                    int status = failNext;
                    failNext = 0;
                    error(x, status, "Base.1.8.GeneralError", "A general error has occurred.",
                            "Base.1.8.ServiceTemporarilyUnavailable", "The service is temporarily unavailable.",
                            "Retry in 30 seconds.");
                    return;
                }
                route(x, method, path, body);
            }
        }
    }

    private void route(HttpExchange x, String method, String path, byte[] body) throws IOException {
        String inv = "/redfish/v1/UpdateService/FirmwareInventory";
        if (method.equals("GET") && path.equals("/redfish/v1/Systems")) {
            ObjectNode o = object();
            o.put("@odata.type", "#ComputerSystemCollection.ComputerSystemCollection");
            o.putArray("Members").addObject().put("@odata.id", "/redfish/v1/Systems/System.Embedded.1");
            o.put("Members@odata.count", 1);
            json(x, 200, o);
        } else if (method.equals("GET") && path.equals("/redfish/v1/Systems/System.Embedded.1")) {
            ObjectNode o = object();
            o.put("@odata.id", path);
            o.put("@odata.type", "#ComputerSystem.v1_20_0.ComputerSystem");
            o.put("Id", "System.Embedded.1");
            o.put("Manufacturer", "Acme Inc.");
            o.put("Model", "X-1");
            o.put("PowerState", power);
            ObjectNode reset = o.putObject("Actions").putObject("#ComputerSystem.Reset");
            reset.put("target", path + "/Actions/ComputerSystem.Reset");
            reset.putArray("ResetType@Redfish.AllowableValues").add("On").add("ForceOff").add("ForceRestart");
            json(x, 200, o);
        } else if (method.equals("POST") && path.equals("/redfish/v1/Systems/System.Embedded.1/Actions/"
                + "ComputerSystem.Reset")) {
            String type = MAPPER.readTree(body).path("ResetType").asText();
            if (!type.equals("On") && !type.equals("ForceRestart")) {
                error(x, 400, "Base.1.8.GeneralError", "A general error has occurred.",
                        "Base.1.8.ActionParameterValueNotInList", "The value '" + type + "' for the parameter"
                                + " ResetType in the action ComputerSystem.Reset is not in the list of acceptable"
                                + " values.", "Choose a value from the enumeration list.");
                return;
            }
            if (hangNextBoot) {
                hangNextBoot = false;
                power = "Off";
            } else {
                pending.forEach(installed::put);
                pending.clear();
                power = "On";
                boots++;
            }
            x.sendResponseHeaders(204, -1);
        } else if (method.equals("GET") && path.equals("/redfish/v1/UpdateService")) {
            ObjectNode o = object();
            o.put("@odata.type", "#UpdateService.v1_11_0.UpdateService");
            o.put("MultipartHttpPushUri", "/redfish/v1/UpdateService/upload");
            o.putObject("Actions").putObject("#UpdateService.StartUpdate").put("target",
                    "/redfish/v1/UpdateService/Actions/UpdateService.StartUpdate");
            json(x, 200, o);
        } else if (method.equals("GET") && path.equals(inv)) {
            ObjectNode o = object();
            ArrayNode members = o.putArray("Members");
            installed.keySet().forEach(c -> members.addObject().put("@odata.id", inv + "/Installed-" + c));
            staged.keySet().forEach(c -> members.addObject().put("@odata.id", inv + "/Available-" + c));
            pending.keySet().forEach(c -> members.addObject().put("@odata.id", inv + "/Pending-" + c));
            members.addObject().put("@odata.id", inv + "/Installed-cpld"); // Not in the profile: ignored.
            o.put("Members@odata.count", members.size());
            json(x, 200, o);
        } else if (method.equals("GET") && path.startsWith(inv + "/")) {
            String id = path.substring(inv.length() + 1);
            String slot = id.substring(0, id.indexOf('-'));
            String c = id.substring(id.indexOf('-') + 1);
            Map<String, String> from = slot.equals("Installed") ? installed : slot.equals("Available") ? staged
                    : pending;
            ObjectNode o = object();
            o.put("@odata.id", path);
            o.put("@odata.type", "#SoftwareInventory.v1_10_0.SoftwareInventory");
            o.put("Id", id);
            o.put("SoftwareId", c);
            o.put("Name", c.toUpperCase());
            o.put("Version", c.equals("cpld") ? "1.0.9" : from.get(c));
            o.put("Updateable", true);
            if (!c.equals("cpld") && !from.containsKey(c)) {
                error(x, 404, "Base.1.8.GeneralError", "A general error has occurred.", "Base.1.8.ResourceNotFound",
                        "The requested resource of type SoftwareInventory named '" + id + "' was not found.",
                        "Provide a valid resource identifier and resubmit the request.");
                return;
            }
            json(x, 200, o);
        } else if (method.equals("POST") && path.equals("/redfish/v1/UpdateService/upload")) {
            Multipart m = Multipart.parse(x.getRequestHeaders().getFirst("Content-Type"), body);
            JsonNode params = MAPPER.readTree(m.parts.get("UpdateParameters"));
            JsonNode fabric = params.path("Oem").path("Fabric");
            if (!"OnStartUpdateRequest".equals(params.path("@Redfish.OperationApplyTime").asText())
                    || !params.path("Targets").get(0).asText().equals(inv + "/Installed-" + fabric.path("Component")
                            .asText())) {
                error(x, 400, "Base.1.8.GeneralError", "A general error has occurred.", "Base.1.8.PropertyMissing",
                        "The property Targets is a required property and must be included in the request.",
                        "Ensure that the property is in the request body and has a valid value.");
                return;
            }
            payloads.add(m.parts.get("UpdateFile"));
            staged.put(fabric.path("Component").asText(), fabric.path("Version").asText());
            task(x);
        } else if (method.equals("POST") && path.equals("/redfish/v1/UpdateService/Actions/UpdateService.StartUpdate")) {
            JsonNode b = MAPPER.readTree(body);
            String target = b.path("Targets").get(0).asText();
            String c = target.substring(target.lastIndexOf("/Installed-") + "/Installed-".length());
            String v = staged.remove(c);
            if (v == null) {
                error(x, 409, "Base.1.8.GeneralError", "A general error has occurred.", "Base.1.8.ResourceInUse",
                        "The change to the requested resource failed because the resource is in use or in transition.",
                        "Stage an image first.");
                return;
            }
            if (b.path("@Redfish.OperationApplyTime").asText().equals("Immediate")) {
                installed.put(c, v);
            } else {
                pending.put(c, v);
            }
            task(x);
        } else if (method.equals("GET") && path.startsWith("/redfish/v1/TaskService/Tasks/")) {
            ObjectNode o = object();
            o.put("@odata.type", "#Task.v1_7_0.Task");
            o.put("Id", path.substring(path.lastIndexOf('/') + 1));
            o.put("TaskState", "Completed");
            o.put("TaskStatus", "OK");
            json(x, 200, o);
        } else {
            error(x, 404, "Base.1.8.GeneralError", "A general error has occurred.", "Base.1.8.ResourceMissingAtURI",
                    "The resource at the URI '" + path + "' was not found.", "Place a valid resource at the URI or"
                            + " correct the URI and resubmit the request.");
        }
    }

    private void task(HttpExchange x) throws IOException {
        String location = "/redfish/v1/TaskService/Tasks/" + (++tasks);
        x.getResponseHeaders().add("Location", location);
        ObjectNode o = object();
        o.put("@odata.id", location);
        o.put("TaskState", "Running");
        json(x, 202, o);
    }

    private static void json(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        x.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    private static void error(HttpExchange x, int status, String code, String message, String messageId,
            String text, String resolution) throws IOException {
        ObjectNode o = object();
        ObjectNode e = o.putObject("error");
        e.put("code", code);
        e.put("message", message);
        ObjectNode info = e.putArray("@Message.ExtendedInfo").addObject();
        info.put("@odata.type", "#Message.v1_1_1.Message");
        info.put("MessageId", messageId);
        info.put("Message", text);
        info.put("Severity", "Critical");
        info.put("Resolution", resolution);
        json(x, status, o);
    }

    /** A multipart/form-data body, parts by name. */
    record Multipart(Map<String, byte[]> parts) {
        static Multipart parse(String contentType, byte[] body) {
            String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
            String text = new String(body, StandardCharsets.ISO_8859_1);
            Map<String, byte[]> parts = new LinkedHashMap<>();
            for (String part : text.split(java.util.regex.Pattern.quote(boundary))) {
                int headersEnd = part.indexOf("\r\n\r\n");
                if (headersEnd < 0) {
                    continue;
                }
                String headers = part.substring(0, headersEnd);
                int n = headers.indexOf("name=\"");
                String name = headers.substring(n + 6, headers.indexOf('"', n + 6));
                String content = part.substring(headersEnd + 4, part.length() - 2); // the CRLF before the boundary
                parts.put(name, content.getBytes(StandardCharsets.ISO_8859_1));
            }
            return new Multipart(parts);
        }
    }
}
