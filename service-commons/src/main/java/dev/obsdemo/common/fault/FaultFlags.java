package dev.obsdemo.common.fault;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The runtime faults of this service, as OpenFeature flags ({@code dev.openfeature:sdk}) served by the SDK's
 * in-memory provider: each {@link Fault} is the object flag {@code fault.<name>} with the variants "off" (the
 * default) and "on" (a {@link FaultSetting}). The admin endpoint ({@link FaultAdmin}) switches them; the code
 * that injects a fault asks {@link #active(Fault)} on every request, an in-memory lookup.
 *
 * <p>Faults are refused unless {@code obsdemo.faults.allowed} is true: false in the {@code prod} profile unless
 * {@code OBSDEMO_FAULTS_ALLOWED=true} says otherwise, true in {@code dev}, {@code test} and {@code local} (the
 * laptop stack). Refused means the admin endpoint answers 403 and {@link #active(Fault)} is always empty.
 *
 * <p>Honest telemetry: switching a fault logs a WARN line and sets the gauge {@code app_fault_active{fault}} to
 * 1 (0 when off); every injection counts in {@code app_faults_injected_total{fault}} and marks the current span
 * with {@code app.fault} and an event {@code fault injected}.
 */
@ApplicationScoped
public class FaultFlags {

    private static final Logger LOG = Logger.getLogger(FaultFlags.class);
    /** The OpenFeature domain of these flags: one provider per application, apart from any other flags. */
    static final String DOMAIN = "obsdemo-faults";

    static final AttributeKey<String> FAULT_ATTRIBUTE = AttributeKey.stringKey("app.fault");

    private final boolean allowed;
    private final Tracer tracer;
    private final InMemoryProvider provider;
    private final Client client;
    private final Map<Fault, Counter> injected = new EnumMap<>(Fault.class);
    private final Map<Fault, FaultSetting> switchedOn = new EnumMap<>(Fault.class);

    /**
     * Registers every fault's flag, off, with an in-memory provider under the OpenFeature domain {@code
     * obsdemo-faults}, and its two meters.
     *
     * @param allowed {@code obsdemo.faults.allowed}: false refuses every fault
     * @param registry where {@code app_faults_injected_total} and {@code app_fault_active} go
     * @param tracer the application's tracer (Quarkus' CDI bean), for the spans of injected failures; not
     *     {@code GlobalOpenTelemetry}, which Quarkus leaves a no-op outside its tests, so a span made there is
     *     never exported from a packaged service
     */
    public FaultFlags(
            @ConfigProperty(name = "obsdemo.faults.allowed") boolean allowed, MeterRegistry registry, Tracer tracer) {
        this.allowed = allowed;
        this.tracer = tracer;
        Map<String, Flag<?>> flags = new HashMap<>();
        for (Fault fault : Fault.values()) {
            flags.put(fault.flagKey(), off());
            injected.put(
                    fault,
                    Counter.builder("app.faults.injected")
                            .description("Requests into which a runtime fault was injected")
                            .tag("fault", fault.flagName())
                            .register(registry));
            Gauge.builder("app.fault.active", this, f -> f.isOn(fault) ? 1 : 0)
                    .description("1 while a runtime fault is switched on")
                    .tag("fault", fault.flagName())
                    .register(registry);
        }
        this.provider = new InMemoryProvider(flags);
        OpenFeatureAPI.getInstance().setProviderAndWait(DOMAIN, provider);
        this.client = OpenFeatureAPI.getInstance().getClient(DOMAIN);
    }

    private static Flag<Value> off() {
        return Flag.<Value>builder()
                .variant("off", new Value())
                .defaultVariant("off")
                .build();
    }

    /** Whether faults may be switched on in this deployment ({@code obsdemo.faults.allowed}). */
    public boolean allowed() {
        return allowed;
    }

    /** The fault's setting while it is on, or empty: always empty where faults are not allowed. */
    public Optional<FaultSetting> active(Fault fault) {
        if (!allowed) {
            return Optional.empty();
        }
        Value value = client.getObjectValue(fault.flagKey(), new Value());
        return value.isStructure() ? Optional.of(FaultSetting.fromValue(fault, value)) : Optional.empty();
    }

    private boolean isOn(Fault fault) {
        return active(fault).isPresent();
    }

    /**
     * Switches a fault on (or changes its parameters).
     *
     * @throws IllegalStateException where faults are not allowed
     */
    public synchronized void switchOn(FaultSetting setting) {
        if (!allowed) {
            throw new IllegalStateException(
                    "runtime faults are not allowed here (obsdemo.faults.allowed=false; OBSDEMO_FAULTS_ALLOWED=true allows them)");
        }
        provider.updateFlag(
                setting.fault().flagKey(),
                Flag.<Value>builder()
                        .variant("off", new Value())
                        .variant("on", setting.toValue())
                        .defaultVariant("on")
                        .build());
        switchedOn.put(setting.fault(), setting);
        LOG.warnf(
                "Fault active: %s %s (switch it off with DELETE /q/faults/%s on the management port)",
                setting.fault().flagName(), setting.describe(), setting.fault().flagName());
    }

    /** Switches a fault off; nothing happens when it is off already. */
    public synchronized void switchOff(Fault fault) {
        provider.updateFlag(fault.flagKey(), off());
        if (switchedOn.remove(fault) != null) {
            LOG.warnf("Fault switched off: %s", fault.flagName());
        }
    }

    /**
     * Call before each Redis command: while {@link Fault#REDIS_UNAVAILABLE} is on it throws as a Redis that is
     * down would, so the caller's fallback runs. The failed attempt is a span of its own, {@code redis
     * unavailable (injected fault)}, with status ERROR and the exception recorded, where the Redis span would be.
     *
     * @param command the Redis command that is not sent, e.g. {@code GET}, for the span
     * @throws InjectedRedisFailure while the fault is on
     */
    public void failIfRedisUnavailable(String command) {
        if (active(Fault.REDIS_UNAVAILABLE).isEmpty()) {
            return;
        }
        InjectedRedisFailure failure = new InjectedRedisFailure(command);
        Span span = tracer.spanBuilder("redis unavailable (injected fault)")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system", "redis")
                .setAttribute("db.operation", command)
                .setAttribute(FAULT_ATTRIBUTE, Fault.REDIS_UNAVAILABLE.flagName())
                .startSpan();
        recordInjection(span, Fault.REDIS_UNAVAILABLE, command + " not sent");
        span.recordException(failure);
        span.setStatus(StatusCode.ERROR, failure.getMessage());
        span.end();
        throw failure;
    }

    /**
     * Call before each Redis command of a blocking caller: while {@link Fault#REDIS_LATENCY} is on, waits the
     * drawn latency ({@code ms} plus up to {@code jitterMs}) on the calling thread inside a CLIENT span of its own,
     * {@code redis <COMMAND> latency (injected fault)} ({@code db.system=redis}, {@code db.operation}, {@code
     * app.fault=redis-latency}), before the command's own Redis span: the trace shows the Redis path as slow.
     *
     * <p>The wait counts against the caller's timeout, as a slow Redis would: call this inside the method that
     * the timeout guards. When the timeout interrupts the thread, the span ends with status ERROR and this throws.
     *
     * @param command the Redis command about to be sent, e.g. {@code GET}
     * @throws InjectedRedisFailure when the thread is interrupted during the wait (its interrupt flag is kept)
     */
    public void delayIfRedisLatency(String command) {
        Optional<FaultSetting> setting = active(Fault.REDIS_LATENCY);
        if (setting.isEmpty()) {
            return;
        }
        long ms = setting.get().drawLatencyMs(ThreadLocalRandom.current().nextDouble());
        Span span = redisLatencySpan(command, ms);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InjectedRedisFailure failure = new InjectedRedisFailure(
                    "interrupted by the caller's timeout during " + ms + " ms of injected latency (redis-latency); "
                            + command + " not sent",
                    true);
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR, failure.getMessage());
            throw failure;
        } finally {
            span.end();
        }
    }

    /**
     * As {@link #delayIfRedisLatency(String)} for a reactive caller: a Uni that completes after the drawn latency
     * (at once while the fault is off), on the caller's Vert.x context when it has one, so the Redis command that
     * follows keeps its place in the trace. The wait counts against a timeout applied downstream of it; when the
     * caller gives up first (cancellation), the span ends with status ERROR.
     *
     * @param command the Redis command about to be sent, e.g. {@code EVAL}
     */
    public Uni<Void> redisLatency(String command) {
        return Uni.createFrom().deferred(() -> {
            Optional<FaultSetting> setting = active(Fault.REDIS_LATENCY);
            if (setting.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            long ms = setting.get().drawLatencyMs(ThreadLocalRandom.current().nextDouble());
            Span span = redisLatencySpan(command, ms);
            io.vertx.core.Context vertx = io.vertx.core.Vertx.currentContext();
            Uni<Void> wait = vertx == null
                    ? Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(ms))
                    : Uni.createFrom().emitter(e -> vertx.owner().setTimer(Math.max(1, ms), id -> e.complete(null)));
            return wait.onTermination().invoke((item, failure, cancelled) -> {
                if (cancelled) {
                    span.setStatus(
                            StatusCode.ERROR,
                            "the caller gave up (its timeout) during " + ms + " ms of injected latency; " + command
                                    + " not sent");
                }
                span.end();
            });
        });
    }

    private Span redisLatencySpan(String command, long ms) {
        Span span = tracer.spanBuilder("redis " + command + " latency (injected fault)")
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("db.system", "redis")
                .setAttribute("db.operation", command)
                .setAttribute(FAULT_ATTRIBUTE, Fault.REDIS_LATENCY.flagName())
                .setAttribute("app.fault.latency_ms", ms)
                .startSpan();
        recordInjection(span, Fault.REDIS_LATENCY, ms + " ms before " + command);
        return span;
    }

    /**
     * What {@link #failIfRedisUnavailable(String)} throws (a Redis that is down, on purpose), and {@link
     * #delayIfRedisLatency(String)} when a timeout interrupts its wait.
     */
    public static class InjectedRedisFailure extends RuntimeException {
        InjectedRedisFailure(String command) {
            super("Redis is unavailable (injected fault redis-unavailable); " + command + " not sent");
        }

        InjectedRedisFailure(String message, boolean ignored) {
            super(message);
        }
    }

    /**
     * Runs a downstream call; while {@link Fault#UNTRACED_DOWNSTREAM} is on, runs it in the root context, as code
     * that loses the trace context would: the call's CLIENT span and the callee's spans start a trace of their
     * own, and the caller's trace shows no sign of the hop but this fault's mark on its current span.
     *
     * @param call the blocking downstream call
     * @return what the call returns
     */
    public <T> T withoutTraceContextIfOn(Supplier<T> call) {
        if (active(Fault.UNTRACED_DOWNSTREAM).isEmpty()) {
            return call.get();
        }
        recordInjection(Fault.UNTRACED_DOWNSTREAM, "downstream call made without the trace context");
        try (Scope ignored = Context.root().makeCurrent()) {
            return call.get();
        }
    }

    /** Every fault that is on, with its parameters. */
    public synchronized List<FaultSetting> activeSettings() {
        return List.copyOf(switchedOn.values());
    }

    /**
     * Records one injection: counts it and marks the current span ({@code app.fault}, event {@code fault injected}
     * with the detail), so a trace says which of its slow or failed spans was made so on purpose.
     *
     * @param detail what was injected, e.g. {@code 500 ms}; free text for the span event
     */
    public void recordInjection(Fault fault, String detail) {
        recordInjection(Span.current(), fault, detail);
    }

    /** As {@link #recordInjection(Fault, String)}, on the given span rather than the current one. */
    public void recordInjection(Span span, Fault fault, String detail) {
        injected.get(fault).increment();
        mark(span, fault, detail);
    }

    /** Marks a span as {@link #recordInjection(Span, Fault, String)} does, without counting a second injection. */
    void mark(Span span, Fault fault, String detail) {
        span.setAttribute(FAULT_ATTRIBUTE, fault.flagName());
        span.addEvent(
                "fault injected",
                Attributes.of(FAULT_ATTRIBUTE, fault.flagName(), AttributeKey.stringKey("app.fault.detail"), detail));
    }
}
