package dev.obsdemo.users.api;

import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.telemetry.AppAttributes;
import dev.obsdemo.users.domain.UserService;
import dev.obsdemo.users.domain.UserView;
import io.opentelemetry.api.trace.Span;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /users}: create, read, replace and list users. Errors are problem documents (service-commons'
 * mappers); a body is read strictly and validated ({@link UserRequest}).
 */
@Path("/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "users")
@APIResponse(
        responseCode = "400",
        description = "Invalid request",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class UserResource {

    static final String ID = "{id}";

    private final UserService users;

    public UserResource(UserService users) {
        this.users = users;
    }

    /** 201 with {@code Location} and the user; 409 {@code duplicate-email}. */
    @POST
    @Operation(summary = "Create a user")
    @APIResponse(
            responseCode = "201",
            description = "Created",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(
            responseCode = "409",
            description = "E-mail already used",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(@NotNull(message = "a JSON body is required") @Valid UserRequest body, UriInfo uri) {
        UserView user = users.create(body.name(), body.email());
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(Long.toString(user.id()))
                        .build())
                .entity(user)
                .build();
    }

    /** 200 with the user, 404 when there is none; {@code user.id} on the SERVER span. */
    @GET
    @Path(ID)
    @Operation(summary = "Get a user (cached in Redis)")
    @APIResponse(
            responseCode = "200",
            description = "The user",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public UserView get(@PathParam("id") @Positive long id) {
        Span.current().setAttribute(AppAttributes.USER_ID, Long.toString(id));
        return users.find(id).orElseThrow(() -> ProblemException.notFound("User " + id + " does not exist"));
    }

    /** 200 with the updated user; 404 when there is none, 409 {@code duplicate-email}. */
    @PUT
    @Path(ID)
    @Operation(summary = "Replace a user's name and e-mail (evicts the cached copy)")
    @APIResponse(
            responseCode = "200",
            description = "The updated user",
            content = @Content(schema = @Schema(implementation = UserView.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such user",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "E-mail already used",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public UserView update(
            @PathParam("id") @Positive long id, @NotNull(message = "a JSON body is required") @Valid UserRequest body) {
        return users.update(id, body.name(), body.email());
    }

    /** One page of users, oldest first: {@code page} from 0, {@code size} 1 to 100 (default 20). */
    @GET
    @Operation(summary = "List users, oldest first")
    public UserPage list(
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        return new UserPage(users.list(page, size), page, size, users.count());
    }
}
