package dev.obsdemo.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The completeness rules on Jaeger's JSON as its query API returns it ({@code data[0]} of a trace). */
class TraceCompletenessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TraceLog.Entry ORDER =
            new TraceLog.Entry("4bf92f3577b34da6a3ce929d0e0e4736", "req-1", Route.PLACE_ORDER, 201);

    /** A placed order's trace: gateway SERVER → CLIENT → order-service SERVER → CLIENT → user-service SERVER. */
    private static String order(String gatewayRequestId, String userServerParent) {
        return """
                {"traceID":"4bf92f3577b34da6a3ce929d0e0e4736",
                 "spans":[
                  {"spanID":"a1","operationName":"POST /api/orders","references":[],"processID":"p1",
                   "tags":[{"key":"span.kind","value":"server"},{"key":"app.request.id","value":"%s"}]},
                  {"spanID":"a2","operationName":"POST","references":[{"refType":"CHILD_OF","spanID":"a1"}],
                   "processID":"p1","tags":[{"key":"span.kind","value":"client"}]},
                  {"spanID":"b1","operationName":"POST /orders","references":[{"refType":"CHILD_OF","spanID":"a2"}],
                   "processID":"p2","tags":[{"key":"span.kind","value":"server"}]},
                  {"spanID":"b2","operationName":"GET","references":[{"refType":"CHILD_OF","spanID":"b1"}],
                   "processID":"p2","tags":[{"key":"span.kind","value":"client"}]},
                  {"spanID":"c1","operationName":"GET /users/{id}","references":[{"refType":"CHILD_OF","spanID":"%s"}],
                   "processID":"p3","tags":[{"key":"span.kind","value":"server"}]}
                 ],
                 "processes":{"p1":{"serviceName":"gateway-service"},"p2":{"serviceName":"order-service"},
                              "p3":{"serviceName":"user-service"}}}
                """.formatted(gatewayRequestId, userServerParent);
    }

    private static JsonNode parse(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aWholeTraceIsComplete() throws Exception {
        assertThat(TraceCompleteness.problems(ORDER, parse(order("req-1", "b2"))))
                .isEmpty();
    }

    @Test
    void aSpanWhoseParentIsMissingMakesItIncomplete() throws Exception {
        assertThat(TraceCompleteness.problems(ORDER, parse(order("req-1", "ff"))))
                .containsExactly("span c1 (user-service 'GET /users/{id}') has no parent ff in the trace");
    }

    @Test
    void aServiceOfTheRouteWithoutSpansMakesItIncomplete() throws Exception {
        String withoutUsers = order("req-1", "b2")
                .replace("\"p3\":{\"serviceName\":\"user-service\"}", "\"p3\":{\"serviceName\":\"order-service\"}");

        assertThat(TraceCompleteness.problems(ORDER, parse(withoutUsers)))
                .containsExactly("no spans from [user-service] (has [gateway-service, order-service])");
    }

    @Test
    void anotherRequestsTraceOrNoTraceIsNotThisRequests() throws Exception {
        assertThat(TraceCompleteness.problems(ORDER, parse(order("req-2", "b2"))))
                .containsExactly("the root span's app.request.id is req-2, not req-1");
        assertThat(TraceCompleteness.problems(ORDER, parse("{}"))).containsExactly("not in Jaeger");
    }
}
