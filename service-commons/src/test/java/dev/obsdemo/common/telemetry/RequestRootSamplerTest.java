package dev.obsdemo.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestRootSamplerTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private final Sampler sampler = RequestRootSampler.parentBased(1.0);

    private SamplingDecision decide(Context parent, SpanKind kind, String name) {
        return sampler.shouldSample(parent, TRACE_ID, name, kind, Attributes.empty(), List.of())
                .getDecision();
    }

    private static Context parent(boolean sampled) {
        SpanContext context = SpanContext.create(
                TRACE_ID,
                "b7ad6b7169203331",
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                TraceState.getDefault());
        return Context.root().with(Span.wrap(context));
    }

    @Test
    void aClientSpanWithoutParentStartsNoTrace() {
        assertThat(decide(Context.root(), SpanKind.CLIENT, "ping")).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(Context.root(), SpanKind.CLIENT, "SELECT users")).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void requestsAndDeliberateSpansStartTraces() {
        assertThat(decide(Context.root(), SpanKind.SERVER, "GET /users/{id}"))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(Context.root(), SpanKind.INTERNAL, "nightly cleanup"))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(Context.root(), SpanKind.CONSUMER, "orders process"))
                .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }

    @Test
    void aClientSpanInsideARequestFollowsItsParent() {
        assertThat(decide(parent(true), SpanKind.CLIENT, "ping")).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(parent(false), SpanKind.CLIENT, "ping")).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(parent(false), SpanKind.SERVER, "GET /users/{id}")).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void newTracesAreSampledAtTheRatio() {
        Sampler none = RequestRootSampler.parentBased(0.0);
        assertThat(none.shouldSample(Context.root(), TRACE_ID, "GET /", SpanKind.SERVER, Attributes.empty(), List.of())
                        .getDecision())
                .isEqualTo(SamplingDecision.DROP);
    }
}
