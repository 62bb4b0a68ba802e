package dev.obsdemo.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A shop's everyday traffic through the gateway, as a weighted mix of short sessions ({@link LoadParameters.Mix}):
 * people sign up, look at users, their orders and summaries, place orders with an Idempotency-Key (and sometimes
 * send the same order again, as a client does after a lost answer), and now and then send an invalid request or
 * an ID that does not exist. Every request carries its own {@code X-Request-ID}; every response's
 * {@code X-Trace-Id} goes to the {@link TraceLog} for {@link TraceCompleteness}.
 *
 * <p>A request is OK only with the status its {@link Route} expects (so a 429, a 503 or a missing
 * {@code X-Trace-Id} is a failure). The run fails when more than {@code load.maxErrorPercent} of the requests
 * failed or the 95th percentile of response times is not below {@code load.p95Ms}: Gatling exits non-zero and
 * `./mvnw gatling:test` fails. Parameters: {@link LoadParameters}.
 */
public class ShopSimulation extends Simulation {

    /** The catalog of order-service's seed migration: prices come from there, never from the client. */
    private static final List<String> SKUS = List.of(
            "BOOK-001", "BOOK-002", "MUG-001", "SHIRT-001", "STICKER-001", "KEYB-001", "HEADSET-001", "LAMP-001");

    /** IDs far above anything a laptop's database reaches: a 404 every time. */
    private static final long UNKNOWN_ID_BASE = 9_000_000_000_000L;

    private final LoadParameters parameters = LoadParameters.fromSystemProperties();
    /** This run's prefix for e-mail addresses and request IDs: unique data in a database others share. */
    private final String run = "load-" + Long.toString(System.currentTimeMillis(), 36) + "-"
            + UUID.randomUUID().toString().substring(0, 6);

    private final IdPool users = new IdPool();
    private final IdPool orders = new IdPool();
    private final TraceLog traceLog = parameters.traceIds() == null ? null : TraceLog.open(parameters.traceIds());

    /** IDs created during the run, for the sessions that read them. */
    static final class IdPool {
        private final List<Long> ids = new ArrayList<>();

        synchronized void add(long id) {
            ids.add(id);
        }

        synchronized boolean isEmpty() {
            return ids.isEmpty();
        }

        synchronized long any() {
            return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        }
    }

    /** Sets up the scenario, the profile and the assertions from {@link LoadParameters}. */
    public ShopSimulation() {
        HttpProtocolBuilder protocol = http.baseUrl(parameters.baseUrl())
                .acceptHeader("application/json")
                .userAgentHeader("obsdemo-load-tests (Gatling)")
                // Gatling would otherwise fetch a public web page first to warm its HTTP stack.
                .disableWarmUp();

        ScenarioBuilder shop = scenario("shop").exec(randomSwitch().on(choices()));

        var population = shop.injectOpen(profile());
        var setUp = setUp(population).protocols(protocol);
        if (parameters.assertions()) {
            setUp.assertions(assertions());
        }
    }

    private List<Choice.WithWeight> choices() {
        List<Choice.WithWeight> choices = new ArrayList<>();
        parameters
                .mixPercent()
                .forEach((kind, percent) -> choices.add(percent(percent).then(session(kind))));
        return choices;
    }

    private ChainBuilder session(LoadParameters.Mix kind) {
        return switch (kind) {
            case createUser -> createUser();
            case viewUser -> withUser(get(Route.VIEW_USER, "/api/users/#{userId}"));
            case listOrders -> withUser(get(Route.LIST_ORDERS, "/api/users/#{userId}/orders"));
            case summary -> withUser(get(Route.SUMMARY, "/api/users/#{userId}/summary"));
            case placeOrder -> withUser(placeOrder());
            case viewOrder ->
                doIfOrElse(session -> orders.isEmpty())
                        .then(withUser(placeOrder()))
                        .orElse(exec(session -> session.set("orderId", orders.any()))
                                .exec(get(Route.VIEW_ORDER, "/api/orders/#{orderId}")));
            case invalid ->
                randomSwitch()
                        .on(
                                percent(40.0).then(createUserInvalid()),
                                percent(30.0).then(withUser(orderUnknownSku())),
                                percent(30.0).then(withUser(orderInvalidKey())));
            case unknownId ->
                exec(session -> session.set(
                                "unknownId",
                                UNKNOWN_ID_BASE + ThreadLocalRandom.current().nextLong(1_000_000_000L)))
                        .randomSwitch()
                        .on(
                                percent(50.0).then(get(Route.VIEW_UNKNOWN_USER, "/api/users/#{unknownId}")),
                                percent(50.0).then(get(Route.VIEW_UNKNOWN_ORDER, "/api/orders/#{unknownId}")));
        };
    }

    /** Runs the chain with {@code userId} set: a user of this run, or a new one when there is none yet. */
    private ChainBuilder withUser(ChainBuilder chain) {
        return doIfOrElse(session -> users.isEmpty())
                .then(createUser())
                .orElse(exec(session -> session.set("userId", users.any())))
                .exitHereIfFailed()
                .exec(chain);
    }

    private ChainBuilder createUser() {
        return exec(session -> session.set("email", run + "-" + UUID.randomUUID() + "@example.com"))
                .exec(send(
                        Route.CREATE_USER,
                        http(Route.CREATE_USER.label())
                                .post("/api/users")
                                .body(StringBody("{\"name\":\"Load Test\",\"email\":\"#{email}\"}"))
                                .asJson()
                                .check(jsonPath("$.id").ofLong().saveAs("userId"))))
                .exitHereIfFailed()
                .exec(session -> {
                    users.add(session.getLong("userId"));
                    return session;
                });
    }

    private ChainBuilder createUserInvalid() {
        return exec(send(
                Route.CREATE_USER_INVALID,
                http(Route.CREATE_USER_INVALID.label())
                        .post("/api/users")
                        .body(StringBody("{\"name\":\"Load Test\",\"email\":\"not-an-address\"}"))
                        .asJson()));
    }

    /** A new order with a fresh key; {@code retryPercent} of them are sent again with the same key and body. */
    private ChainBuilder placeOrder() {
        return exec(session -> session.set("idempotencyKey", UUID.randomUUID().toString())
                        .set("orderBody", orderBody(session.getLong("userId"), randomSku())))
                .exec(send(
                        Route.PLACE_ORDER,
                        http(Route.PLACE_ORDER.label())
                                .post("/api/orders")
                                .header("Idempotency-Key", "#{idempotencyKey}")
                                .body(StringBody("#{orderBody}"))
                                .asJson()
                                .check(jsonPath("$.id").ofLong().saveAs("orderId"))))
                .exitHereIfFailed()
                .exec(session -> {
                    orders.add(session.getLong("orderId"));
                    return session;
                })
                .randomSwitch()
                .on(percent(parameters.retryPercent())
                        .then(pause(Duration.ofMillis(100), Duration.ofMillis(500))
                                .exec(send(
                                        Route.RETRY_ORDER,
                                        http(Route.RETRY_ORDER.label())
                                                .post("/api/orders")
                                                .header("Idempotency-Key", "#{idempotencyKey}")
                                                .body(StringBody("#{orderBody}"))
                                                .asJson()
                                                .check(header("Idempotent-Replayed")
                                                        .is("true"))
                                                .check(jsonPath("$.id").ofLong().isEL("#{orderId}"))))));
    }

    private ChainBuilder orderUnknownSku() {
        return exec(session -> session.set("orderBody", orderBody(session.getLong("userId"), "NO-SUCH-SKU")))
                .exec(send(
                        Route.ORDER_UNKNOWN_SKU,
                        http(Route.ORDER_UNKNOWN_SKU.label())
                                .post("/api/orders")
                                .header("Idempotency-Key", UUID.randomUUID().toString())
                                .body(StringBody("#{orderBody}"))
                                .asJson()));
    }

    private ChainBuilder orderInvalidKey() {
        return exec(session -> session.set("orderBody", orderBody(session.getLong("userId"), randomSku())))
                .exec(send(
                        Route.ORDER_INVALID_KEY,
                        http(Route.ORDER_INVALID_KEY.label())
                                .post("/api/orders")
                                // A space and '!' are outside the key's alphabet: the gateway refuses it.
                                .header("Idempotency-Key", "not a key!")
                                .body(StringBody("#{orderBody}"))
                                .asJson()));
    }

    private ChainBuilder get(Route route, String path) {
        return exec(send(route, http(route.label()).get(path)));
    }

    /**
     * The request with what every request of the simulation carries: a fresh {@code X-Request-ID}, and checks
     * that the response has the route's status, echoes the request ID and names its trace; then the response
     * is recorded in the trace log, whatever its outcome.
     */
    private ChainBuilder send(Route route, HttpRequestActionBuilder request) {
        return exec(session -> session.removeAll("traceId", "status").set("requestId", run + "-" + UUID.randomUUID()))
                .exec(request.header("X-Request-ID", "#{requestId}")
                        // Saved before the status check, so that a failed request is recorded with what it got.
                        .check(status().saveAs("status"))
                        .check(header("X-Trace-Id").saveAs("traceId"))
                        .check(status().is(route.status()))
                        .check(header("X-Request-ID").isEL("#{requestId}")))
                .exec(session -> record(route, session));
    }

    private Session record(Route route, Session session) {
        if (traceLog != null) {
            traceLog.record(
                    session.contains("traceId") ? session.getString("traceId") : null,
                    session.getString("requestId"),
                    route,
                    session.contains("status") ? session.getInt("status") : 0);
        }
        return session;
    }

    private OpenInjectionStep[] profile() {
        double rate = parameters.usersPerSec();
        return switch (parameters.profile()) {
            case "default" ->
                new OpenInjectionStep[] {
                    rampUsersPerSec(Math.min(1, rate)).to(rate).during(Duration.ofSeconds(parameters.rampSeconds())),
                    constantUsersPerSec(rate).during(Duration.ofSeconds(parameters.duration())),
                    constantUsersPerSec(parameters.spikeUsersPerSec())
                            .during(Duration.ofSeconds(parameters.spikeSeconds())),
                    constantUsersPerSec(rate).during(Duration.ofSeconds(parameters.recoverSeconds()))
                };
            default ->
                new OpenInjectionStep[] {constantUsersPerSec(rate).during(Duration.ofSeconds(parameters.duration()))};
        };
    }

    private Assertion[] assertions() {
        return new Assertion[] {
            global().failedRequests().percent().lte(parameters.maxErrorPercent()),
            global().responseTime().percentile(95.0).lt(parameters.p95Millis())
        };
    }

    private static String randomSku() {
        return SKUS.get(ThreadLocalRandom.current().nextInt(SKUS.size()));
    }

    private static String orderBody(long userId, String sku) {
        int quantity = 1 + ThreadLocalRandom.current().nextInt(3);
        return "{\"userId\":" + userId + ",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}]}";
    }

    @Override
    public void before() {
        System.out.printf(
                "load: profile %s against %s, %.1f users/s (peak %.1f), %d s, mix %s%n",
                parameters.profile(),
                parameters.baseUrl(),
                parameters.usersPerSec(),
                parameters.peakUsersPerSec(),
                parameters.totalSeconds(),
                parameters.mixPercent().entrySet().stream()
                        .map(e -> e.getKey() + " " + Math.round(e.getValue()) + "%")
                        .toList());
    }

    @Override
    public void after() {
        if (traceLog != null) {
            traceLog.close();
            System.out.printf(
                    "load: %d trace IDs recorded in %s%n",
                    traceLog.size(), traceLog.file().toAbsolutePath().normalize());
        }
    }

    /** For tests: the mix as Gatling sees it. */
    Map<LoadParameters.Mix, Double> mix() {
        return parameters.mixPercent();
    }
}
