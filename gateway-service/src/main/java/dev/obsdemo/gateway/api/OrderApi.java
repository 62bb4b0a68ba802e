package dev.obsdemo.gateway.api;

import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.web.IdempotencyKeyHeader;
import dev.obsdemo.gateway.client.NewOrder;
import dev.obsdemo.gateway.client.Order;
import dev.obsdemo.gateway.client.OrderClient;
import dev.obsdemo.gateway.client.Product;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * /api/orders and /api/products, answered by order-service through {@link OrderClient}, whose failures arrive
 * as problems (a downstream 4xx relayed, otherwise a 503). Each route's contract is its OpenAPI annotations
 * (served at {@code /q/openapi}), not repeated here.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApiResponses
public class OrderApi {

    private static final String REPLAYED = "Idempotent-Replayed";

    private final OrderClient orders;

    public OrderApi(OrderClient orders) {
        this.orders = orders;
    }

    @POST
    @Path("/orders")
    @Tag(name = "orders")
    @Operation(
            summary = "Place an order",
            description = "items: 1-50 lines of {sku, quantity 1-1000}, each sku once. "
                    + "Prices come from the catalog. With an Idempotency-Key (per user), retrying the same body returns the "
                    + "first order with 200 and Idempotent-Replayed: true; the same key with another body is a 422; an "
                    + "empty or malformed key is a 400.")
    @APIResponse(
            responseCode = "201",
            description = "Created; Location names the new order",
            content = @Content(schema = @Schema(implementation = Order.class)))
    @APIResponse(
            responseCode = "200",
            description = "Replay of an earlier request with the same Idempotency-Key",
            headers = @Header(name = REPLAYED, description = "true"),
            content = @Content(schema = @Schema(implementation = Order.class)))
    @APIResponse(
            responseCode = "409",
            description = "A request with this Idempotency-Key is still being processed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "Unknown user or sku, or an Idempotency-Key reused with another body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Parameter(
            name = IdempotencyKeyHeader.NAME,
            in = ParameterIn.HEADER,
            description = IdempotencyKeyHeader.RULE + "; scoped per user",
            schema = @Schema(type = SchemaType.STRING, pattern = IdempotencyKeyHeader.SCHEMA_PATTERN))
    public Uni<Response> create(HttpHeaders headers, NewOrder body, UriInfo uri) {
        // The raw header, not @HeaderParam: that turns an empty header into null, which would switch idempotency off.
        String idempotencyKey = IdempotencyKeyHeader.parse(headers.getRequestHeader(IdempotencyKeyHeader.NAME))
                .orElse(null);
        return orders.create(idempotencyKey, body == null ? new NewOrder(null, null) : body)
                .map(placed -> {
                    Order order = placed.order();
                    if (placed.replayed()) {
                        return Response.ok(order).header(REPLAYED, "true").build();
                    }
                    return Response.created(uri.getAbsolutePathBuilder()
                                    .path(Long.toString(order.id()))
                                    .build())
                            .entity(order)
                            .build();
                });
    }

    @GET
    @Path("/orders/{id}")
    @Tag(name = "orders")
    @Operation(summary = "Get an order")
    @APIResponse(
            responseCode = "200",
            description = "The order",
            content = @Content(schema = @Schema(implementation = Order.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such order",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Order> get(@PathParam("id") @Positive long id) {
        return orders.get(id);
    }

    @GET
    @Path("/products")
    @Tag(name = "products")
    @Operation(summary = "The product catalog, prices in integer cents")
    @APIResponse(
            responseCode = "200",
            description = "Every product",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = Product.class)))
    public Uni<List<Product>> products() {
        return orders.products();
    }
}
