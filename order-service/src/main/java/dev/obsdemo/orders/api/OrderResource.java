package dev.obsdemo.orders.api;

import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.web.IdempotencyKeyHeader;
import dev.obsdemo.orders.domain.OrderLine;
import dev.obsdemo.orders.domain.OrderPlacement;
import dev.obsdemo.orders.domain.OrderQueries;
import dev.obsdemo.orders.domain.OrderView;
import dev.obsdemo.orders.domain.PlacedOrder;
import dev.obsdemo.orders.domain.UserStats;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
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
 * {@code /orders}: place an order (with an optional Idempotency-Key), read one, list a user's, a user's totals.
 * Errors are problem documents (RFC 9457) from {@code ProblemException}; the OpenAPI annotations list them,
 * and are most of this class's length: the logic is in the domain classes it calls.
 */
@Path("/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "orders")
@APIResponse(
        responseCode = "400",
        description = "Invalid request",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class OrderResource {

    /** The request header that makes a POST safe to retry (draft-ietf-httpapi-idempotency-key-header). */
    public static final String IDEMPOTENCY_KEY = IdempotencyKeyHeader.NAME;
    /** The response header, {@code true}, of a retry answered with the order its key created before. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private final OrderPlacement placement;
    private final OrderQueries queries;

    public OrderResource(OrderPlacement placement, OrderQueries queries) {
        this.placement = placement;
        this.queries = queries;
    }

    /** 201 with {@code Location} for a new order; 200 with {@code Idempotent-Replayed: true} for a replay. */
    @POST
    @Operation(
            summary = "Place an order",
            description =
                    "With an Idempotency-Key, a retry with the same body returns "
                            + "the first order with 200 and Idempotent-Replayed: true; the same key with another body is a 422.")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = OrderView.class)))
    @APIResponse(
            responseCode = "200",
            description = "Replay of an earlier request with the same Idempotency-Key",
            headers = @Header(name = REPLAYED, description = "true"),
            content = @Content(schema = @Schema(implementation = OrderView.class)))
    @APIResponse(
            responseCode = "409",
            description = "A request with this Idempotency-Key is still in progress",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "422",
            description = "Unknown user or sku, or Idempotency-Key reused with another body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "502",
            description = "user-service failed on this request (it answered 500): nothing was created",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "503",
            description = "user-service unavailable",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Parameter(
            name = IDEMPOTENCY_KEY,
            in = ParameterIn.HEADER,
            description = IdempotencyKeyHeader.RULE + "; scoped per user",
            schema = @Schema(type = SchemaType.STRING, pattern = IdempotencyKeyHeader.SCHEMA_PATTERN))
    public Response create(
            HttpHeaders headers, @NotNull(message = "a JSON body is required") @Valid OrderRequest body, UriInfo uri) {
        // The raw header, not @HeaderParam: that turns an empty header into null, which would switch idempotency off.
        String idempotencyKey = IdempotencyKeyHeader.parse(headers.getRequestHeader(IdempotencyKeyHeader.NAME))
                .orElse(null);
        List<OrderLine> lines = body.items().stream()
                .map(i -> new OrderLine(i.sku(), i.quantity()))
                .toList();
        PlacedOrder placed = placement.place(body.userId(), lines, idempotencyKey);
        if (placed.replayed()) {
            return Response.ok(placed.order()).header(REPLAYED, "true").build();
        }
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(Long.toString(placed.order().id()))
                        .build())
                .entity(placed.order())
                .build();
    }

    /** The order, or a 404 problem. */
    @GET
    @Path("{id}")
    @Operation(summary = "Get an order")
    @APIResponse(
            responseCode = "200",
            description = "The order",
            content = @Content(schema = @Schema(implementation = OrderView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such order",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public OrderView get(@PathParam("id") @Positive long id) {
        return queries.find(id).orElseThrow(() -> ProblemException.notFound("Order " + id + " does not exist"));
    }

    /** One page of a user's orders, newest first; {@code page} from 0, {@code size} 1 to 200. */
    @GET
    @Operation(summary = "A user's orders, newest first")
    public List<OrderView> listByUser(
            @QueryParam("userId") @NotNull @Positive Long userId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return queries.listByUser(userId, page, size);
    }

    /** How many orders the user placed and the total, in integer cents. */
    @GET
    @Path("stats")
    @Operation(summary = "How many orders a user placed and the total spent")
    public UserStats stats(@QueryParam("userId") @NotNull @Positive Long userId) {
        return queries.stats(userId);
    }
}
