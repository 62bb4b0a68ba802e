package dev.obsdemo.common.fault;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Injects the route faults into every request of the service's REST API (never the management port): {@link
 * Fault#LATENCY} as a delay inside a child span {@code fault latency} of the SERVER span, so the waterfall shows
 * where the time went; {@link Fault#CPU_HEAVY} and {@link Fault#ALLOCATION_HEAVY} as real work inside child
 * spans {@code cpu-heavy work (injected fault)} and {@code allocation-heavy work (injected fault)}; then {@link
 * Fault#ERROR_RATIO} as a 500 problem ({@link InjectedFaultException}) with the SERVER span's status set to
 * ERROR.
 *
 * <p>The delay does not hold a thread: it is a timer, so it works on the event loop as on a worker. The heavy
 * work runs on the request's thread when that is a worker thread (user-service, order-service: blocking
 * endpoints), as a slow handler would; on an event loop thread (the gateway's reactive endpoints) it moves to a
 * worker, since seconds of CPU on the event loop would stall every other request of that loop, which is a
 * different fault from the one asked for.
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
        Context parent = Context.current();
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (latency.isPresent()) {
            chain = chain.chain(() -> delay(server, parent, latency.get()));
        }
        Optional<FaultSetting> cpu = flags.active(Fault.CPU_HEAVY).filter(s -> s.appliesTo(path));
        if (cpu.isPresent()) {
            long ms = cpu.get().latencyMs();
            chain = chain.chain(() -> heavy(server, parent, Fault.CPU_HEAVY, ms + " ms CPU", span -> {
                long spentNanos = HeavyWork.burnCpu(ms);
                span.setAttribute("app.fault.cpu_ms", ms);
                span.setAttribute("app.fault.cpu_time_ms", spentNanos / 1_000_000);
            }));
        }
        Optional<FaultSetting> allocation = flags.active(Fault.ALLOCATION_HEAVY).filter(s -> s.appliesTo(path));
        if (allocation.isPresent()) {
            long mb = allocation.get().megabytes();
            chain = chain.chain(() -> heavy(server, parent, Fault.ALLOCATION_HEAVY, mb + " MiB", span -> {
                long allocated = HeavyWork.allocate(mb);
                span.setAttribute("app.fault.allocation_mb", mb);
                span.setAttribute("app.fault.allocated_bytes", allocated);
            }));
        }
        InjectedFaultException thrown = failure;
        return thrown == null ? chain : chain.chain(() -> Uni.createFrom().failure(thrown));
    }

    private Uni<Void> delay(Span server, Context parent, FaultSetting latency) {
        long ms = latency.drawLatencyMs(ThreadLocalRandom.current().nextDouble());
        flags.recordInjection(server, Fault.LATENCY, ms + " ms");
        Span span = tracer.spanBuilder("fault latency")
                .setParent(parent.with(server))
                .setAttribute(FaultFlags.FAULT_ATTRIBUTE, Fault.LATENCY.flagName())
                .setAttribute("app.fault.latency_ms", ms)
                .startSpan();
        return Uni.createFrom()
                .voidItem()
                .onItem()
                .delayIt()
                .by(Duration.ofMillis(ms))
                .eventually(() -> span.end());
    }

    /**
     * Runs {@code work} inside a child span {@code <fault> work (injected fault)} of the SERVER span, on a worker
     * thread (see the class comment), and marks both spans.
     */
    private Uni<Void> heavy(Span server, Context parent, Fault fault, String detail, Consumer<Span> work) {
        Uni<Void> run = Uni.createFrom().item(() -> {
            Span span = tracer.spanBuilder(fault.flagName() + " work (injected fault)")
                    .setParent(parent.with(server))
                    .setAttribute(FaultFlags.FAULT_ATTRIBUTE, fault.flagName())
                    .setAttribute("thread.name", Thread.currentThread().getName())
                    .startSpan();
            flags.recordInjection(server, fault, detail);
            flags.mark(span, fault, detail);
            try (Scope ignored = span.makeCurrent()) {
                work.accept(span);
            } finally {
                span.end();
            }
            return null;
        });
        return Uni.createFrom()
                .deferred(() -> io.vertx.core.Context.isOnEventLoopThread()
                        ? run.runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        : run);
    }

    private static String stripLeadingSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
