package dev.obsdemo.orders.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.obsdemo.common.web.RequestIdClientFilter;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The part of user-service's API that order-service uses. Timeouts: quarkus.rest-client.user-service.*. */
@RegisterRestClient(configKey = "user-service")
@RegisterProvider(RequestIdClientFilter.class)
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public interface UserServiceApi {

    /** Only the ID is needed. A tolerant reader: the strict JSON of our own API must not reject new fields here. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UserRef(long id) {
    }

    @GET
    @Path("/{id}")
    UserRef get(@PathParam("id") @Positive long id);
}
