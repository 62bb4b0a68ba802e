package dev.obsdemo.gateway.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.obsdemo.common.deadline.Deadline;
import dev.obsdemo.common.resilience.DownstreamRequestFailure;
import dev.obsdemo.common.web.RequestIdClientFilter;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * order-service's API as the gateway uses it, non-blocking. Package-private: the rest of the gateway calls
 * {@link OrderClient}, which adds the fault tolerance and the 503 translation. Connect and read timeouts:
 * {@code quarkus.rest-client.order-service.*} (values from {@code CallPolicy}). Every call carries the budget of
 * its attempt, {@code X-Request-Timeout-Ms}.
 */
@RegisterRestClient(configKey = "order-service")
@RegisterProvider(RequestIdClientFilter.class)
@Produces(MediaType.APPLICATION_JSON)
interface OrderServiceApi {

    /**
     * 201 for a new order, 200 for an idempotent replay: the status matters, hence RestResponse. Every method's
     * {@code budgetMillis} is what order-service is told the gateway waits for the call ({@code Attempt}).
     */
    @POST
    @Path("/orders")
    Uni<RestResponse<Order>> create(
            @HeaderParam("Idempotency-Key") String idempotencyKey,
            NewOrder order,
            @HeaderParam(Deadline.HEADER) long budgetMillis);

    @GET
    @Path("/orders/{id}")
    Uni<Order> get(@PathParam("id") @Positive long id, @HeaderParam(Deadline.HEADER) long budgetMillis);

    @GET
    @Path("/orders")
    Uni<List<Order>> listByUser(@QueryParam("userId") long userId, @HeaderParam(Deadline.HEADER) long budgetMillis);

    @GET
    @Path("/orders/stats")
    Uni<UserStats> stats(@QueryParam("userId") long userId, @HeaderParam(Deadline.HEADER) long budgetMillis);

    @GET
    @Path("/products")
    Uni<List<Product>> products(@HeaderParam(Deadline.HEADER) long budgetMillis);

    /**
     * A 4xx is relayed to the gateway's client as it is ({@link DownstreamRejection#ofClientError}); a 5xx that
     * answers this request only (500, 502) is a {@link DownstreamRequestFailure}, which the circuit breaker does
     * not count; any other failure (503, 504) is left to the default mapper, which the breaker counts.
     */
    @ClientExceptionMapper
    static RuntimeException failure(Response response) {
        DownstreamRejection rejection = DownstreamRejection.ofClientError(response);
        return rejection != null ? rejection : DownstreamRequestFailure.of("order-service", response);
    }

    /**
     * Answers are read tolerantly: a field that order-service adds must not break the gateway (it is dropped
     * until the gateway knows it). The application's mapper stays strict for the gateway's own input.
     */
    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper defaultObjectMapper) {
        return defaultObjectMapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
