package dev.obsdemo.gateway.api;

import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.gateway.client.NewUser;
import dev.obsdemo.gateway.client.Order;
import dev.obsdemo.gateway.client.OrderClient;
import dev.obsdemo.gateway.client.User;
import dev.obsdemo.gateway.client.UserClient;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.tuples.Tuple2;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * /api/users and the routes under it, answered by user-service and order-service through {@link UserClient}
 * and {@link OrderClient}, whose failures arrive as problems (a downstream 4xx relayed, otherwise a 503). Each
 * route's contract is its OpenAPI annotations (served at {@code /q/openapi}), not repeated here.
 */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
@ApiResponses
public class UserApi {

    private static final String ID = "{id}";

    private final UserClient users;
    private final OrderClient orders;

    public UserApi(UserClient users, OrderClient orders) {
        this.users = users;
        this.orders = orders;
    }

    @POST
    @Operation(
            summary = "Create a user",
            description = "name: 1-100 characters; email: a valid address, unique (case-insensitive).")
    @APIResponse(
            responseCode = "201",
            description = "Created; Location names the new user",
            content = @Content(schema = @Schema(implementation = User.class)))
    @APIResponse(
            responseCode = "409",
            description = "A user with this e-mail address exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "415",
            description = "The body is not application/json",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(NewUser body, UriInfo uri) {
        return users.create(body == null ? new NewUser(null, null) : body)
                .map(user -> Response.created(uri.getAbsolutePathBuilder()
                                .path(Long.toString(user.id()))
                                .build())
                        .entity(user)
                        .build());
    }

    @GET
    @Path(ID)
    @Operation(summary = "Get a user")
    @APIResponse(
            responseCode = "200",
            description = "The user",
            content = @Content(schema = @Schema(implementation = User.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<User> get(@PathParam("id") @Positive long id) {
        return users.get(id);
    }

    @GET
    @Path(ID + "/orders")
    @Operation(summary = "A user's orders, newest first")
    @APIResponse(
            responseCode = "200",
            description = "The orders",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = Order.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<List<Order>> orders(@PathParam("id") @Positive long id) {
        // Both calls start at once; an unknown user wins over the (empty) order list.
        return Uni.combine()
                .all()
                .unis(users.get(id), orders.listByUser(id))
                .asTuple()
                .map(Tuple2::getItem2);
    }

    @GET
    @Path(ID + "/summary")
    @Operation(
            summary = "A user with their order count and total spent",
            description =
                    "Calls user-service and order-service concurrently: the trace shows two overlapping client spans.")
    @APIResponse(
            responseCode = "200",
            description = "The summary",
            content = @Content(schema = @Schema(implementation = UserSummary.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<UserSummary> summary(@PathParam("id") @Positive long id) {
        return Uni.combine()
                .all()
                .unis(users.get(id), orders.stats(id))
                .asTuple()
                .map(userAndStats -> UserSummary.of(userAndStats.getItem1(), userAndStats.getItem2()));
    }
}
