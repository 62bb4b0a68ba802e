package dev.obsdemo.common.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * The root decision of the services' sampler: a trace starts at work that has a cause worth following (a
 * request, a message, a span started on purpose), never at a CLIENT span without a parent.
 *
 * <p>A CLIENT span with no parent is machinery: the readiness checks' Redis {@code PING}s (their HTTP span is
 * suppressed, so the call has no parent), the same checks run every few seconds for the
 * {@code health_check_up} metric, Flyway's migration SQL and the connection pool's start-up statements. Each
 * would otherwise be a one-span root trace, dozens a minute per service, burying the requests a person is
 * looking for. Dropping them here, once, covers every such call site, present and future; a background job
 * that should be traced starts a span of its own ({@code @WithSpan}), and its calls are kept as its children.
 *
 * <p>Every other root is sampled at {@code ratio} by trace ID, as {@code parentbased_traceidratio} does; a
 * span with a parent follows its parent's decision ({@link #parentBased(double)}).
 */
public final class RequestRootSampler implements Sampler {

    private final Sampler byTraceId;

    private RequestRootSampler(double ratio) {
        this.byTraceId = Sampler.traceIdRatioBased(ratio);
    }

    /**
     * The services' sampler: parent-based, with this class deciding for roots.
     *
     * @param ratio share of new traces to sample, 0.0 to 1.0
     */
    public static Sampler parentBased(double ratio) {
        return Sampler.parentBased(new RequestRootSampler(ratio));
    }

    @Override
    public SamplingResult shouldSample(
            Context parentContext,
            String traceId,
            String name,
            SpanKind spanKind,
            Attributes attributes,
            List<LinkData> parentLinks) {
        if (spanKind == SpanKind.CLIENT) {
            return SamplingResult.drop();
        }
        return byTraceId.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "RequestRootSampler{no root CLIENT spans, " + byTraceId.getDescription() + "}";
    }
}
