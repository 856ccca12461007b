package fabric.sdn.controller.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fabric.api.core.ErrorCode;
import fabric.api.core.FabricException;
import fabric.api.core.Violation;
import fabric.api.network.controller.EtagMismatchException;
import fabric.api.network.controller.NetworkController;
import fabric.api.network.controller.NetworkResource;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The northbound REST API in the shapes and paths of Azure Resource Manager, on the JDK's HTTP server:
 * {@code PUT/GET/DELETE /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/{type}/{name}?api-version=...}
 * and {@code GET} lists by resource group or subscription. ETags with {@code If-Match} and
 * {@code If-None-Match}; errors as {@code {"error":{"code","message","target","details"}}}.
 */
final class RestServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RestServer.class.getName());
    private static final Pattern ONE = Pattern.compile(
            "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Network/([^/]+)/([^/]+)/?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern GROUP_LIST = Pattern.compile(
            "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Network/([^/]+)/?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SUB_LIST = Pattern.compile(
            "/subscriptions/([^/]+)/providers/Microsoft\\.Network/([^/]+)/?", Pattern.CASE_INSENSITIVE);
    private static final int MAX_BODY = 4 << 20;

    private final NetworkController controller;
    private final HttpServer server;
    private final ExecutorService executor;

    /**
     * Binds and starts the server.
     *
     * @param controller what the requests go to
     * @param host the address to bind (loopback by default)
     * @param port the port; 0 for an ephemeral one
     * @throws IOException when the port cannot be bound
     */
    RestServer(NetworkController controller, String host, int port) throws IOException {
        this.controller = controller;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fabric-nc-rest");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** @return the base URI, with the bound port */
    URI uri() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getHostString() + ":" + a.getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            route(ex);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "network controller REST request failed", e);
            throw e;
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String apiVersion = query(ex.getRequestURI().getRawQuery(), "api-version");
            if (apiVersion == null || apiVersion.isBlank()) {
                error(ex, 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is"
                        + " required for all requests.", "api-version", List.of());
                return;
            }
            String method = ex.getRequestMethod();
            Matcher one = ONE.matcher(path);
            Matcher group = GROUP_LIST.matcher(path);
            Matcher sub = SUB_LIST.matcher(path);
            if (one.matches()) {
                ResourceId id = new ResourceId(one.group(1), one.group(2), ResourceType.parse(one.group(3)), one.group(4));
                switch (method) {
                    case "GET" -> {
                        Optional<NetworkResource> r = controller.get(id);
                        if (r.isEmpty()) {
                            error(ex, 404, "ResourceNotFound", "The Resource '" + id.type().armType() + "/" + id.name()
                                    + "' under resource group '" + id.resourceGroup() + "' was not found.", null, List.of());
                        } else {
                            send(ex, 200, r.get());
                        }
                    }
                    case "PUT" -> {
                        boolean existed = controller.get(id).isPresent();
                        String body = body(ex);
                        NetworkResource r = controller.put(id, body, header(ex, "If-Match"), header(ex, "If-None-Match"));
                        send(ex, existed ? 200 : 201, r);
                    }
                    case "DELETE" -> {
                        boolean deleted = controller.delete(id, header(ex, "If-Match"));
                        ex.sendResponseHeaders(deleted ? 200 : 204, -1);
                    }
                    default -> error(ex, 405, "MethodNotAllowed", method + " is not supported on a resource", null, List.of());
                }
            } else if ((group.matches() || sub.matches()) && method.equals("GET")) {
                List<NetworkResource> list = group.matches()
                        ? controller.list(group.group(1), group.group(2), ResourceType.parse(group.group(3)))
                        : controller.list(sub.group(1), null, ResourceType.parse(sub.group(2)));
                ObjectNode out = ControllerCore.JSON.createObjectNode();
                ArrayNode value = out.putArray("value");
                for (NetworkResource r : list) {
                    value.add(ControllerCore.JSON.readTree(r.json()));
                }
                write(ex, 200, out.toString());
            } else {
                error(ex, 404, "InvalidResourceType", "no Microsoft.Network resource or collection at " + path, null,
                        List.of());
            }
        } catch (EtagMismatchException e) {
            error(ex, 412, "PreconditionFailed", e.getMessage(), "If-Match", List.of());
        } catch (FabricException e) {
            int status = switch (e.code()) {
                case INVALID_ARGUMENT -> 400;
                case NOT_FOUND -> 404;
                case ALREADY_EXISTS, FAILED_PRECONDITION -> 409;
                case QUORUM_LOST, UNAVAILABLE -> 503;
                default -> 500;
            };
            String code = switch (e.code()) {
                case INVALID_ARGUMENT -> "InvalidRequestContent";
                case NOT_FOUND -> "NotFound";
                case ALREADY_EXISTS -> "Conflict";
                case FAILED_PRECONDITION -> "InUseCannotBeChanged";
                case QUORUM_LOST, UNAVAILABLE -> "ServiceUnavailable";
                default -> "InternalServerError";
            };
            String target = e.violations().isEmpty() ? null : e.violations().get(0).field();
            error(ex, status, code, e.getMessage(), target, e.violations());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "network controller REST request failed", e);
            error(ex, 500, "InternalServerError", String.valueOf(e.getMessage()), null, List.of());
        }
    }

    private static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw FabricException.invalid("body", "is larger than " + MAX_BODY + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String header(HttpExchange ex, String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    private static String query(String raw, String name) {
        if (raw == null) {
            return null;
        }
        for (String part : raw.split("&")) {
            int eq = part.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equalsIgnoreCase(name)) {
                return eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void send(HttpExchange ex, int status, NetworkResource r) throws IOException {
        ex.getResponseHeaders().set("ETag", r.etag());
        write(ex, status, r.json());
    }

    private static void error(HttpExchange ex, int status, String code, String message, String target,
            List<Violation> details) throws IOException {
        ObjectNode out = ControllerCore.JSON.createObjectNode();
        ObjectNode err = out.putObject("error");
        err.put("code", code);
        err.put("message", message);
        if (target != null) {
            err.put("target", target);
        }
        if (!details.isEmpty()) {
            ArrayNode d = err.putArray("details");
            for (Violation v : details) {
                d.addObject().put("code", "InvalidParameter").put("message", v.reason()).put("target", v.field());
            }
        }
        write(ex, status, out.toString());
    }

    private static void write(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
