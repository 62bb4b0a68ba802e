package dev.obsdemo.common.web;

import dev.obsdemo.common.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rejects a body larger than {@code obsdemo.http.max-body-bytes} with a 413 problem before it is read.
 *
 * <p>{@code quarkus.http.limits.max-body-size} stays as the hard limit behind it (it also stops chunked
 * bodies that announce no length), but Vert.x answers that one with an empty 413; this filter gives the
 * common case a readable problem document.
 */
public class BodySizeLimitFilter {

    @ConfigProperty(name = "obsdemo.http.max-body-bytes", defaultValue = "65536")
    long maxBodyBytes;

    @ServerRequestFilter(preMatching = true, priority = 200)
    public void limitBodySize(ContainerRequestContext request) {
        if (request.getLength() > maxBodyBytes) {
            throw new ProblemException(413, "payload-too-large", "Content Too Large",
                    "The body has " + request.getLength() + " bytes; the limit is " + maxBodyBytes, null, null, null);
        }
    }
}
