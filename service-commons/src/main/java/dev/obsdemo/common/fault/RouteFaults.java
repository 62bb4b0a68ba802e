package dev.obsdemo.common.fault;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Injects the route faults into every request of the service's REST API (never the management port): {@link
 * Fault#LATENCY} as a delay inside a child span {@code fault latency} of the SERVER span, so the waterfall shows
 * where the time went; then {@link Fault#ERROR_RATIO} as a 500 problem ({@link InjectedFaultException}) with the
 * SERVER span's status set to ERROR. The delay does not hold a thread: it is a timer, so it works on the event
 * loop as on a worker.
 */
public class RouteFaults {

    private final FaultFlags flags;
    private final Tracer tracer;

    /**
     * @param flags which faults are on
     * @param tracer for the {@code fault latency} span
     */
    public RouteFaults(FaultFlags flags, Tracer tracer) {
        this.flags = flags;
        this.tracer = tracer;
    }

    /**
     * Runs before the resource method, after routing: the path is the service's own ({@code /users/5}). Both
     * decisions are taken here, on the request's thread, where the SERVER span is current; the delay may end on
     * another thread.
     */
    @ServerRequestFilter
    public Uni<Void> inject(ContainerRequestContext request) {
        String path = "/" + stripLeadingSlash(request.getUriInfo().getPath());
        Span server = Span.current();
        Optional<FaultSetting> latency = flags.active(Fault.LATENCY).filter(s -> s.appliesTo(path));
        Optional<FaultSetting> errors = flags.active(Fault.ERROR_RATIO)
                .filter(s -> s.appliesTo(path) && ThreadLocalRandom.current().nextDouble() < s.ratio());
        InjectedFaultException failure = null;
        if (errors.isPresent()) {
            String detail = "Injected fault error-ratio (" + errors.get().ratio() + ") on " + path;
            flags.recordInjection(server, Fault.ERROR_RATIO, detail);
            server.setStatus(StatusCode.ERROR, detail);
            failure = new InjectedFaultException(detail);
        }
        if (latency.isEmpty()) {
            return failure == null
                    ? Uni.createFrom().voidItem()
                    : Uni.createFrom().failure(failure);
        }
        long ms = latency.get().drawLatencyMs(ThreadLocalRandom.current().nextDouble());
        flags.recordInjection(server, Fault.LATENCY, ms + " ms");
        Span span = tracer.spanBuilder("fault latency")
                .setParent(Context.current())
                .setAttribute(FaultFlags.FAULT_ATTRIBUTE, Fault.LATENCY.flagName())
                .setAttribute("app.fault.latency_ms", ms)
                .startSpan();
        Uni<Void> delayed = Uni.createFrom()
                .voidItem()
                .onItem()
                .delayIt()
                .by(Duration.ofMillis(ms))
                .eventually(() -> span.end());
        InjectedFaultException thrown = failure;
        return thrown == null ? delayed : delayed.chain(() -> Uni.createFrom().failure(thrown));
    }

    private static String stripLeadingSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
