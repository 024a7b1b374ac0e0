package org.paymentroutes.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.paymentroutes.fintecture.FintectureSigner;
import org.paymentroutes.routes.ExchangeKeys;
import org.paymentroutes.routes.FailedAttempts;

/**
 * The provider-call template (routes/provider-calls.camel.yaml) with the real route files, against
 * a stub HTTP server: no broker, no store, no sandbox.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderCallRouteTest {

    /** What the stub server saw of one request. */
    record Seen(String method, String path, String authorization, String body) {
    }

    /** A token bean that hands out token-1, then token-2 after an invalidation, and so on. */
    public static final class StubTokens {
        int generation = 1;

        public void authorize(Exchange exchange) {
            exchange.getIn().setHeader("Authorization", "Bearer token-" + generation);
        }

        public void invalidate() {
            generation++;
        }
    }

    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final StubTokens everifinTokens = new StubTokens();
    private final StubTokens fintectureTokens = new StubTokens();
    private HttpServer server;
    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void reset() {
        statuses.clear();
        seen.clear();
        everifinTokens.generation = 1;
        fintectureTokens.generation = 1;
    }

    @BeforeAll
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", x -> {
            seen.add(new Seen(x.getRequestMethod(), x.getRequestURI().getPath(), x.getRequestHeaders().getFirst("Authorization"),
                    new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Integer status = statuses.poll();
            byte[] answer = ("{\"answer\":" + seen.size() + "}").getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status == null ? 200 : status, answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();

        camel = new DefaultCamelContext();
        Properties p = new Properties();
        p.setProperty("payments.fintecture.base-url", url);
        p.setProperty("payments.everifin.base-url", url);
        p.setProperty("payments.queue.rejected", "payments.rejected");
        camel.getPropertiesComponent().setInitialProperties(p);
        // As the bundle configures it: camel-http would otherwise retry a 429 or 503 on its own.
        HttpComponent http = camel.getComponent("http", HttpComponent.class);
        http.setAutomaticRetriesDisabled(true);
        http.setFollowRedirects(false);
        camel.getRegistry().bind("providerCalls", new ProviderCalls());
        camel.getRegistry().bind("failedAttempts", new FailedAttempts(null));
        camel.getRegistry().bind("unreadableMessages", new org.paymentroutes.routes.UnreadableMessages());
        camel.getRegistry().bind("everifinTokens", everifinTokens);
        camel.getRegistry().bind("fintectureTokens", fintectureTokens);
        camel.getRegistry().bind("fintectureSigner", new FintectureSigner(null, url, false));
        PluginHelper.getRoutesLoader(camel).loadRoutes(
                ResourceHelper.resolveMandatoryResource(camel, "file:routes/errors.camel.yaml"),
                ResourceHelper.resolveMandatoryResource(camel, "file:routes/provider-calls.camel.yaml"));
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterAll
    void stop() {
        camel.stop();
        server.stop(0);
    }

    private Exchange call(String route) {
        return call(route, null);
    }

    private Exchange call(String route, String uri) {
        return producer.request(route, e -> {
            e.getIn().setHeader(Exchange.HTTP_URI, uri);
            e.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            e.getIn().setHeader(Exchange.HTTP_PATH, "/v1/payments/single");
            e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getIn().setBody("{\"amount\":10.00}".getBytes(StandardCharsets.UTF_8));
        });
    }

    private static ProviderAnswer answer(Exchange e) {
        assertThat(e.getException()).isNull();
        return e.getProperty(ExchangeKeys.ANSWER, ProviderAnswer.class);
    }

    @Test
    void a2xxIsAnsweredWithTheProvidersBody() {
        statuses.add(201);
        Exchange e = call("direct:everifin-call");
        assertThat(answer(e)).isEqualTo(ProviderAnswer.ANSWERED);
        assertThat(e.getMessage().getBody(String.class)).isEqualTo("{\"answer\":1}");
        assertThat(seen).containsExactly(new Seen("POST", "/v1/payments/single", "Bearer token-1", "{\"amount\":10.00}"));
        assertThat(e.getProperties()).doesNotContainKey(ExchangeKeys.PROVIDER_REQUEST);
    }

    @Test
    void a401RenewsTheTokenAndSendsTheSameRequestOnceForBothProviders() {
        for (String route : new String[] {"direct:everifin-call", "direct:fintecture-call"}) {
            reset();
            statuses.add(401);
            statuses.add(200);
            assertThat(answer(call(route))).as(route).isEqualTo(ProviderAnswer.ANSWERED);
            assertThat(seen).as(route).containsExactly(
                    new Seen("POST", "/v1/payments/single", "Bearer token-1", "{\"amount\":10.00}"),
                    new Seen("POST", "/v1/payments/single", "Bearer token-2", "{\"amount\":10.00}"));
        }
    }

    @Test
    void a401AfterTheRenewalMeansUnavailableWithoutAThirdTry() {
        statuses.add(401);
        statuses.add(401);
        assertThat(answer(call("direct:everifin-call"))).isEqualTo(ProviderAnswer.UNAVAILABLE);
        assertThat(seen).hasSize(2);
    }

    @Test
    void forbiddenThrottledAndServerErrorsAreUnavailableAtTheFirstAnswer() {
        for (int status : new int[] {403, 429, 500, 503}) {
            seen.clear();
            statuses.add(status);
            assertThat(answer(call("direct:everifin-call"))).as("HTTP " + status).isEqualTo(ProviderAnswer.UNAVAILABLE);
            assertThat(seen).as("HTTP " + status).hasSize(1);
        }
    }

    @Test
    void otherClientErrorsAreRefusals() {
        for (int status : new int[] {400, 404, 409, 422}) {
            statuses.add(status);
            assertThat(answer(call("direct:everifin-call"))).as("HTTP " + status).isEqualTo(ProviderAnswer.REFUSED);
        }
    }

    @Test
    void anUnreachableProviderFailsTheExchange() {
        Exchange e = call("direct:everifin-call", "http://127.0.0.1:1");
        assertThat(e.getException()).isNotNull();
    }

    @Test
    void theClassificationItself() {
        assertThat(ProviderAnswer.of(200)).isEqualTo(ProviderAnswer.ANSWERED);
        assertThat(ProviderAnswer.of(299)).isEqualTo(ProviderAnswer.ANSWERED);
        assertThat(ProviderAnswer.of(302)).as("redirects are not followed: refused, as before").isEqualTo(ProviderAnswer.REFUSED);
        assertThat(ProviderAnswer.of(400)).isEqualTo(ProviderAnswer.REFUSED);
        assertThat(ProviderAnswer.of(402)).isEqualTo(ProviderAnswer.REFUSED);
        assertThat(ProviderAnswer.of(401)).isEqualTo(ProviderAnswer.UNAVAILABLE);
        assertThat(ProviderAnswer.of(403)).isEqualTo(ProviderAnswer.UNAVAILABLE);
        assertThat(ProviderAnswer.of(429)).isEqualTo(ProviderAnswer.UNAVAILABLE);
        assertThat(ProviderAnswer.of(599)).isEqualTo(ProviderAnswer.UNAVAILABLE);
    }
}
