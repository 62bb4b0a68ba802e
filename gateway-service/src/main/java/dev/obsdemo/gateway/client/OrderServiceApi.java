package dev.obsdemo.gateway.client;

import dev.obsdemo.common.web.RequestIdClientFilter;
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
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/** order-service, non-blocking. Timeouts: quarkus.rest-client.order-service.*; fault tolerance: {@link OrderClient}. */
@RegisterRestClient(configKey = "order-service")
@RegisterProvider(RequestIdClientFilter.class)
@RegisterProvider(DownstreamRejectionMapper.class)
@Produces(MediaType.APPLICATION_JSON)
public interface OrderServiceApi {

    /** 201 for a new order, 200 for an idempotent replay: the status is passed on, hence RestResponse. */
    @POST
    @Path("/orders")
    Uni<RestResponse<Dtos.Order>> create(@HeaderParam("Idempotency-Key") String idempotencyKey, Dtos.NewOrder order);

    @GET
    @Path("/orders/{id}")
    Uni<Dtos.Order> get(@PathParam("id") @Positive long id);

    @GET
    @Path("/orders")
    Uni<List<Dtos.Order>> listByUser(@QueryParam("userId") long userId);

    @GET
    @Path("/orders/stats")
    Uni<Dtos.UserStats> stats(@QueryParam("userId") long userId);

    @GET
    @Path("/products")
    Uni<List<Dtos.Product>> products();
}
