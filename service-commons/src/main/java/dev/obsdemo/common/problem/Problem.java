package dev.obsdemo.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An RFC 9457 problem document, the body of every error response of every service.
 *
 * <p>{@code requestId} and {@code errors} are extension members (RFC 9457 section 3.2): the request ID lets a
 * user find the request in logs and traces, {@code errors} names each invalid field of a validation failure.
 * Empty members are left out, so a problem without invalid fields has no {@code errors}.
 *
 * <p>The OpenAPI schema is the contract every error response keeps, and the gateway's fuzz test
 * ({@code system-tests}, {@code FuzzGatewayTest}) holds every error response to it: RFC 9457 makes every member
 * optional, this API promises {@code type}, {@code title}, {@code status} (a 4xx or 5xx), {@code detail},
 * {@code instance} and {@code requestId} in each, and allows further extension members (section 3.2).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(
        name = "Problem",
        description = "An RFC 9457 problem document (application/problem+json) with the request ID",
        requiredProperties = {"type", "title", "status", "detail", "instance", "requestId"})
public record Problem(
        @Schema(description = "A URI naming the kind of problem; about:blank when the status says it all")
        URI type,

        @Schema(description = "The status code's reason phrase, or a short summary of the kind")
        String title,

        @Schema(description = "The HTTP status code of the response", minimum = "400", maximum = "599")
        int status,

        @Schema(description = "What went wrong with this request, for people")
        String detail,

        @Schema(description = "The request's path, e.g. /api/users/7")
        String instance,

        @Schema(description = "The X-Request-ID of the response: find the request in logs and traces with it")
        String requestId,

        @Schema(description = "For a validation failure (400): each invalid field")
        List<FieldError> errors) {

    /** The media type of a problem document (RFC 9457 section 3). */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: a JSON path such as {@code items[0].quantity}, and what is wrong with it. */
    @Schema(requiredProperties = {"field", "message"})
    public record FieldError(
            @Schema(description = "A JSON path, e.g. items[0].quantity, or the parameter's name")
            String field,

            @Schema(description = "What is wrong with it") String message) {}
}
