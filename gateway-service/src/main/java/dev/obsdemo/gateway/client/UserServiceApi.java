package dev.obsdemo.gateway.client;

import dev.obsdemo.common.web.RequestIdClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** user-service, non-blocking. Timeouts: quarkus.rest-client.user-service.*; fault tolerance: {@link UserClient}. */
@RegisterRestClient(configKey = "user-service")
@RegisterProvider(RequestIdClientFilter.class)
@RegisterProvider(DownstreamRejectionMapper.class)
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
public interface UserServiceApi {

    @POST
    Uni<Dtos.User> create(Dtos.NewUser user);

    @GET
    @Path("/{id}")
    Uni<Dtos.User> get(@PathParam("id") @Positive long id);
}
