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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * user-service's API as the gateway uses it, non-blocking. Package-private: the rest of the gateway calls
 * {@link UserClient}, which adds the fault tolerance and the 503 translation. Connect and read timeouts:
 * {@code quarkus.rest-client.user-service.*} (values from {@code CallPolicy}). Every call carries the budget of
 * its attempt, {@code X-Request-Timeout-Ms}.
 */
@RegisterRestClient(configKey = "user-service")
@RegisterProvider(RequestIdClientFilter.class)
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
interface UserServiceApi {

    /** POST /users; {@code budgetMillis}: what user-service is told the gateway waits ({@code Attempt}). */
    @POST
    Uni<User> create(NewUser user, @HeaderParam(Deadline.HEADER) long budgetMillis);

    /** GET /users/{id}; {@code budgetMillis} as for {@link #create}. */
    @GET
    @Path("/{id}")
    Uni<User> get(@PathParam("id") @Positive long id, @HeaderParam(Deadline.HEADER) long budgetMillis);

    /**
     * A 4xx is relayed to the gateway's client as it is ({@link DownstreamRejection#ofClientError}); a 5xx that
     * answers this request only (500, 502) is a {@link DownstreamRequestFailure}, which the circuit breaker does
     * not count; any other failure (503, 504) is left to the default mapper, which the breaker counts.
     */
    @ClientExceptionMapper
    static RuntimeException failure(Response response) {
        DownstreamRejection rejection = DownstreamRejection.ofClientError(response);
        return rejection != null ? rejection : DownstreamRequestFailure.of("user-service", response);
    }

    /**
     * Answers are read tolerantly: a field that user-service adds must not break the gateway (it is dropped
     * until the gateway knows it). The application's mapper stays strict for the gateway's own input.
     */
    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper defaultObjectMapper) {
        return defaultObjectMapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
