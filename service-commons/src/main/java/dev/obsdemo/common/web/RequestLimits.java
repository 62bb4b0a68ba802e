package dev.obsdemo.common.web;

import dev.obsdemo.common.config.HttpLimitsConfig;
import dev.obsdemo.common.problem.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The size limits of a request, checked before anything reads it, each refusal a problem document with the
 * request's IDs, access-log line and span like any other answer:
 * <ul>
 * <li>a request line over {@code obsdemo.http.max-request-line} bytes: 414 URI Too Long (RFC 9110 section
 * 15.5.15);</li>
 * <li>a header block over {@code obsdemo.http.max-header-size} bytes (each {@code name: value} line with its
 * CRLF): 431 Request Header Fields Too Large (RFC 6585 section 5), and the connection is closed;</li>
 * <li>a {@code Content-Length} over {@code quarkus.http.limits.max-body-size}: 413 Content Too Large (RFC 9110
 * section 15.5.14), and the connection is closed, as the body is not read. A chunked body that announces no
 * length is cut by Quarkus while it is read: 413 with an empty body and the connection closed.</li>
 * </ul>
 * Vert.x's codec refuses larger requests still, before any handler, at its own ceiling
 * ({@link HttpLimitsConfig}); this class refuses to start when a limit here would never be reached.
 */
@ApplicationScoped
public class RequestLimits {

    private final RouterProblems problems;
    private final int maxRequestLine;
    private final long maxHeaderBytes;
    private final long maxBodyBytes;

    public RequestLimits(
            RouterProblems problems,
            HttpLimitsConfig limits,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody,
            @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length") int codecRequestLine,
            @ConfigProperty(name = "quarkus.http.limits.max-header-size") MemorySize codecHeaderSize) {
        this.problems = problems;
        this.maxRequestLine = limits.maxRequestLine();
        this.maxHeaderBytes = limits.maxHeaderSize().asLongValue();
        this.maxBodyBytes = maxBody.asLongValue();
        if (maxRequestLine > codecRequestLine || maxHeaderBytes > codecHeaderSize.asLongValue()) {
            throw new IllegalStateException("obsdemo.http.max-request-line (" + maxRequestLine
                    + ") and obsdemo.http.max-header-size (" + maxHeaderBytes
                    + ") must not exceed quarkus.http.limits.max-initial-line-length (" + codecRequestLine
                    + ") and quarkus.http.limits.max-header-size (" + codecHeaderSize.asLongValue()
                    + "): Vert.x would refuse such requests first, without a problem document");
        }
    }

    void register(@Observes Router router) {
        router.route().order(PreRouting.LIMITS).handler(this::check);
    }

    private void check(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        int requestLine = request.method().name().length() + 1 + request.uri().length() + " HTTP/1.1".length();
        if (requestLine > maxRequestLine) {
            problems.send(
                    rc,
                    ProblemException.uriTooLong(
                            "The request line has " + requestLine + " bytes; the limit is " + maxRequestLine),
                    false);
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headerBytes += header.getKey().length() + 2 + header.getValue().length() + 2;
        }
        if (headerBytes > maxHeaderBytes) {
            problems.send(
                    rc,
                    ProblemException.headerFieldsTooLarge(
                            "The header fields have " + headerBytes + " bytes; the limit is " + maxHeaderBytes),
                    true);
            return;
        }
        long bodyLength = contentLength(request.getHeader("Content-Length"));
        if (bodyLength > maxBodyBytes) {
            problems.send(
                    rc,
                    ProblemException.payloadTooLarge(
                            "The body has " + bodyLength + " bytes; the limit is " + maxBodyBytes),
                    true);
            return;
        }
        rc.next();
    }

    private static long contentLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
