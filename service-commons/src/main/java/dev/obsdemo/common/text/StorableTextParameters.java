package dev.obsdemo.common.text;

import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The {@link StorableText} rule for the path and query parameters of every matched route, decoded
 * ({@code %00} is U+0000): a 400 naming the parameter before the resource converts or uses it. It runs after
 * routing and after the rate limiter (default priority), so a refused request is still counted.
 */
public class StorableTextParameters {

    /**
     * Refuses a request whose path or query parameters hold text that cannot be stored.
     *
     * @throws ProblemException 400 {@code invalid-request} naming the first such parameter
     */
    @ServerRequestFilter
    public void refuseUnstorableParameters(ContainerRequestContext request) {
        check(request.getUriInfo().getPathParameters());
        check(request.getUriInfo().getQueryParameters());
    }

    private static void check(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            for (String value : parameter.getValue()) {
                Optional<String> whyNot = StorableText.whyNotStorable(value);
                if (whyNot.isPresent()) {
                    String name = parameter.getKey();
                    throw ProblemException.badRequest(
                            "Invalid parameter '" + name + "': " + whyNot.get(),
                            List.of(new Problem.FieldError(name, whyNot.get())));
                }
            }
        }
    }
}
