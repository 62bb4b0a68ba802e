package dev.obsdemo.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every error response of every service.
 *
 * <p>{@code requestId} and {@code errors} are extension members (RFC 9457 section 3.2): the request ID lets a
 * user find the request in logs and traces, {@code errors} names each invalid field of a validation failure.
 * Empty members are left out, so a problem without invalid fields has no {@code errors}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
        URI type, String title, int status, String detail, String instance, String requestId, List<FieldError> errors) {

    /** The media type of a problem document (RFC 9457 section 3). */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: a JSON path such as {@code items[0].quantity}, and what is wrong with it. */
    public record FieldError(String field, String message) {}
}
