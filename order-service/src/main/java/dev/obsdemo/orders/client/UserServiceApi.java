package dev.obsdemo.orders.client;

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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The part of user-service's API that order-service uses. Package-private: the rest of
 * order-service asks {@link UserDirectory}, which adds the fault tolerance. Connect and read timeouts:
 * {@code quarkus.rest-client.user-service.*} (values from {@code CallPolicy}).
 */
@RegisterRestClient(configKey = "user-service")
@RegisterProvider(RequestIdClientFilter.class)
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
interface UserServiceApi {

    /** Only the ID is needed; the other fields of user-service's answer are ignored. */
    record UserRef(long id) {}

    /**
     * GET /users/{id}, telling user-service how long order-service waits ({@code budgetMillis},
     * {@code X-Request-Timeout-Ms}). Non-blocking, so that {@link UserDirectory} can cancel it: it waits for it on
     * the request's worker thread.
     *
     * @throws DownstreamRequestFailure for a 500 or 502 answer
     * @throws jakarta.ws.rs.WebApplicationException for any other 4xx or 5xx answer (the REST client's default
     *     mapper)
     */
    @GET
    @Path("/{id}")
    Uni<UserRef> get(@PathParam("id") @Positive long id, @HeaderParam(Deadline.HEADER) long budgetMillis);

    /**
     * A 5xx that answers this request only (500, 502) is a {@link DownstreamRequestFailure}, which
     * {@link UserDirectory}'s circuit breaker does not count; every other failing status (404, 503, 504) is left
     * to the default mapper's {@code WebApplicationException}.
     */
    @ClientExceptionMapper
    static DownstreamRequestFailure failure(Response response) {
        return DownstreamRequestFailure.of("user-service", response);
    }

    /**
     * Answers are read tolerantly: a field that user-service adds must not break order-service. The
     * application's mapper stays strict for order-service's own input.
     */
    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper defaultObjectMapper) {
        return defaultObjectMapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
