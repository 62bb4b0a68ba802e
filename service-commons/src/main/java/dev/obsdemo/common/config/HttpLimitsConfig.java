package dev.obsdemo.common.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The size limits of a request on the application port, under {@code obsdemo.http}; the environment sets them
 * as {@code HTTP_MAX_REQUEST_LINE} and {@code HTTP_MAX_HEADER_SIZE} (see service-commons'
 * {@code microprofile-config.properties}), and the body limit is Quarkus' own
 * {@code quarkus.http.limits.max-body-size} ({@code HTTP_MAX_BODY_SIZE}, 64 KiB).
 *
 * <p>{@code dev.obsdemo.common.web.RequestLimits} enforces them with a problem document. Vert.x's HTTP codec
 * enforces {@code quarkus.http.limits.max-initial-line-length} and {@code max-header-size} before any
 * handler can see the request, with an empty answer (quarkusio/quarkus#55082), so those are set well above
 * these (64 KiB) as a ceiling that only protects memory; a service refuses to start when a limit here exceeds
 * its ceiling.
 */
@ConfigMapping(prefix = "obsdemo.http")
public interface HttpLimitsConfig {

    /** Bytes of the request line ({@code GET /path?query HTTP/1.1}); longer is a 414. */
    @WithDefault("4096")
    int maxRequestLine();

    /**
     * Bytes of the header block (every {@code name: value} line); larger is a 431. It must exceed what a caller
     * inside the system sends: the gateway forwards at most 8,192 bytes of baggage ({@code TrustedBaggage}) plus
     * a few short headers.
     */
    @WithDefault("16K")
    MemorySize maxHeaderSize();
}
