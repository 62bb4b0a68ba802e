package dev.obsdemo.common.deadline;

import dev.obsdemo.common.config.DeadlineConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Turns the caller's budget ({@value Deadline#HEADER}) into the request's {@link Deadline}, first thing, before
 * routing: everything the request then does reads it from {@link Deadlines}. A request without a valid header has
 * no deadline beyond the service's own timeouts; at the public edge ({@code obsdemo.deadline.from-callers=false})
 * the header is ignored.
 */
public class DeadlineFilter {

    private final boolean fromCallers;

    public DeadlineFilter(DeadlineConfig config) {
        this.fromCallers = config.fromCallers();
    }

    /** Binds the deadline the caller's header gives, if it gives one and this service takes it. */
    @ServerRequestFilter(preMatching = true, priority = 50)
    public void takeCallersDeadline(ContainerRequestContext request) {
        if (fromCallers) {
            Deadline.parseBudget(request.getHeaderString(Deadline.HEADER))
                    .map(Deadline::after)
                    .ifPresent(Deadlines::bind);
        }
    }
}
