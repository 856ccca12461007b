package fabric.sdn.controller.internal;

import static fabric.sdn.controller.internal.Fixture.vnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fabric.api.network.controller.EtagMismatchException;
import fabric.api.network.controller.NetworkController;
import fabric.api.network.controller.NetworkResource;
import fabric.api.network.controller.NodePolicyStatus;
import fabric.api.network.controller.ResourceId;
import fabric.api.network.controller.ResourceType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Optimistic concurrency over real HTTP: writers read a counter with its ETag and write it + 1 with
 * If-Match. Stale writers get 412; every 200 is counted in the final value, so no update is lost.
 */
class EtagConcurrencyTest {

    static final ObjectMapper JSON = new ObjectMapper();
    Fixture f;
    RestServer server;
    HttpClient http;
    String url;

    @BeforeEach
    void start() throws Exception {
        f = new Fixture(2);
        NetworkController controller = new NetworkController() {
            @Override
            public NetworkResource put(ResourceId id, String json, String ifMatch, String ifNoneMatch) {
                return f.core.put(id, json, ifMatch, ifNoneMatch);
            }

            @Override
            public Optional<NetworkResource> get(ResourceId id) {
                return f.core.get(id);
            }

            @Override
            public List<NetworkResource> list(String subscription, String resourceGroup, ResourceType type) {
                return f.core.list(subscription, resourceGroup, type);
            }

            @Override
            public boolean delete(ResourceId id, String ifMatch) {
                return f.core.delete(id, ifMatch);
            }

            @Override
            public long version() {
                return f.core.version();
            }

            @Override
            public fabric.api.network.VPort plug(ResourceId nic, fabric.api.network.FrameSink vnic) {
                throw new UnsupportedOperationException("no data plane here");
            }

            @Override
            public boolean unplug(ResourceId nic) {
                return false;
            }

            @Override
            public List<NodePolicyStatus> status() {
                return f.core.status();
            }

            @Override
            public int reconcile() {
                return f.core.reconcile();
            }

            @Override
            public Optional<URI> endpoint() {
                return Optional.of(server.uri());
            }
        };
        server = new RestServer(controller, "127.0.0.1", 0);
        http = HttpClient.newHttpClient();
        url = server.uri() + Fixture.id(ResourceType.VIRTUAL_NETWORK, "v1").path() + "?api-version=2023-09-01";
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String body, String ifMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(int counter) {
        return vnet("10.0.0.0/16", "10.0.1.0/24").replace('\'', '"').replaceFirst("\\{", "{\"tags\":{\"counter\":\"" + counter + "\"},");
    }

    @Test
    void concurrentConflictingPutsGet412AndLoseNothing() throws Exception {
        HttpResponse<String> created = send("PUT", body(0), null);
        assertEquals(201, created.statusCode(), created.body());
        int writers = 6;
        int attempts = 15;
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger stale = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    barrier.await();
                    for (int i = 0; i < attempts; i++) {
                        HttpResponse<String> got = send("GET", null, null);
                        String etag = got.headers().firstValue("ETag").orElseThrow();
                        int counter = JSON.readTree(got.body()).path("tags").path("counter").asInt();
                        HttpResponse<String> put = send("PUT", body(counter + 1), etag);
                        if (put.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            assertEquals(412, put.statusCode(), put.body());
                            assertEquals("PreconditionFailed", JSON.readTree(put.body()).path("error").path("code").asText());
                            stale.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> d : done) {
                d.get();
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode last = JSON.readTree(send("GET", null, null).body());
        assertEquals(ok.get(), last.path("tags").path("counter").asInt(), "every accepted write is in the result");
        assertEquals(writers * attempts, ok.get() + stale.get());
        assertTrue(ok.get() >= attempts, "some writes won");
        assertEquals(1 + ok.get(), f.journal.size(), "one journal record per accepted write");
    }

    @Test
    void armShapesErrorsAndConditions() throws Exception {
        HttpResponse<String> noVersion = http.send(HttpRequest.newBuilder(URI.create(url.replace("?api-version=2023-09-01", "")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, noVersion.statusCode());
        assertEquals("MissingApiVersionParameter", JSON.readTree(noVersion.body()).path("error").path("code").asText());
        assertEquals(404, send("GET", null, null).statusCode());
        HttpResponse<String> bad = send("PUT", "{\"properties\":{\"addressSpace\":{\"addressPrefixes\":[\"10.0.0.0/33\"]}}}", null);
        assertEquals(400, bad.statusCode());
        JsonNode error = JSON.readTree(bad.body()).path("error");
        assertEquals("properties.addressSpace.addressPrefixes[0]", error.path("target").asText(), bad.body());
        assertEquals(0, f.core.version(), "nothing changed");
        assertEquals(400, send("PUT", "{not json", null).statusCode());
        HttpResponse<String> created = send("PUT", body(0), null);
        assertEquals(201, created.statusCode());
        ObjectNode json = (ObjectNode) JSON.readTree(created.body());
        assertEquals("Microsoft.Network/virtualNetworks", json.path("type").asText());
        assertEquals("Succeeded", json.path("properties").path("provisioningState").asText());
        assertEquals(100000, json.path("properties").path("vni").asInt());
        assertEquals(created.headers().firstValue("ETag").orElseThrow(), json.path("etag").asText());
        assertEquals(412, send("PUT", body(1), "W/\"999\"").statusCode());
        assertEquals(412, send("DELETE", null, "W/\"999\"").statusCode());
        HttpRequest createOnly = HttpRequest.newBuilder(URI.create(url)).header("If-None-Match", "*")
                .PUT(HttpRequest.BodyPublishers.ofString(body(2))).build();
        assertEquals(412, http.send(createOnly, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(200, send("PUT", body(1), json.path("etag").asText()).statusCode());
        String listUrl = server.uri() + "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.Network/virtualNetworks?api-version=1";
        JsonNode list = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(listUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(1, list.path("value").size());
        assertEquals(200, send("DELETE", null, null).statusCode());
        assertEquals(204, send("DELETE", null, null).statusCode());
        assertThrows(EtagMismatchException.class, () -> f.core.delete(Fixture.id(ResourceType.VIRTUAL_NETWORK, "v1"), "*"));
    }
}
