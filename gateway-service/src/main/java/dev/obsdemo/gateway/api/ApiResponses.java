package dev.obsdemo.gateway.api;

import dev.obsdemo.common.problem.Problem;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The error responses every gateway route can give, documented once for the OpenAPI spec: 400, 406 (an
 * {@code Accept} without JSON), 413 (a body over {@code quarkus.http.limits.max-body-size}, 64 KiB), 429 and 503,
 * each an RFC 9457 problem. The fuzz test ({@code system-tests}, {@code FuzzGatewayTest}) fails on any status or
 * content type a route answers that its spec does not name.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@APIResponse(
        responseCode = "400",
        description = "Invalid request: malformed JSON, wrong types, unknown or invalid fields",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "406",
        description = "The Accept header allows no JSON: this API produces application/json only",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "413",
        description = "The body is over 64 KiB",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "429",
        description = "Too many requests from this client address; see Retry-After",
        headers = @Header(name = "Retry-After", description = "seconds to wait"),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(
        responseCode = "503",
        description = "A service behind the gateway is down or too slow",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public @interface ApiResponses {}
