package dev.obsdemo.common.fault;

import dev.obsdemo.common.problem.Problem;
import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.ProblemResponses;
import dev.obsdemo.common.web.RequestIds;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime faults' admin endpoint, on the management port only (the gateway's public port never routes
 * there: {@code ManagementNotPublicTest}). JSON out; every refusal is an RFC 9457 problem document
 * ({@code application/problem+json}) with the request's {@code X-Request-ID} (or a new one, echoed in the header):
 *
 * <ul>
 *   <li>{@code GET /q/faults}: {@code {"allowed": bool, "active": [setting...], "faults": [name...]}}
 *   <li>{@code PUT /q/faults/{name}?ms=&jitterMs=&ratio=&mb=&route=}: switches it on (200 with the setting); 400 for
 *       a malformed parameter, 403 where faults are not allowed, 404 for an unknown fault
 *   <li>{@code DELETE /q/faults/{name}}: switches it off (204), also where faults are not allowed
 * </ul>
 *
 * <p>{@code ./demo fault <name> on|off} and {@code scripts/fault.sh} call it.
 */
@ApplicationScoped
public class FaultAdmin {

    private final FaultFlags flags;

    /** @param flags the faults this endpoint switches */
    public FaultAdmin(FaultFlags flags) {
        this.flags = flags;
    }

    void register(@Observes ManagementInterface management) {
        management.router().get("/q/faults").handler(this::list);
        management.router().put("/q/faults/:name").handler(this::switchOn);
        management.router().delete("/q/faults/:name").handler(this::switchOff);
    }

    private void list(RoutingContext rc) {
        json(
                rc,
                200,
                Map.of(
                        "allowed", flags.allowed(),
                        "active",
                                flags.activeSettings().stream()
                                        .map(FaultSetting::describe)
                                        .toList(),
                        "faults",
                                List.of(Fault.values()).stream()
                                        .map(Fault::flagName)
                                        .toList()));
    }

    private void switchOn(RoutingContext rc) {
        Optional<Fault> fault = Fault.byName(rc.pathParam("name"));
        if (fault.isEmpty()) {
            unknown(rc);
            return;
        }
        if (!flags.allowed()) {
            problem(
                    rc,
                    ProblemException.forbidden(
                            "faults-not-allowed",
                            "runtime faults are not allowed here (obsdemo.faults.allowed=false; the prod profile"
                                    + " refuses them unless OBSDEMO_FAULTS_ALLOWED=true)"));
            return;
        }
        FaultSetting setting;
        try {
            FaultSetting.checkNames(fault.get(), rc.queryParams().names());
            setting = FaultSetting.parse(fault.get(), rc.request()::getParam);
        } catch (IllegalArgumentException e) {
            problem(rc, ProblemException.badRequest(e.getMessage(), null));
            return;
        }
        flags.switchOn(setting);
        json(rc, 200, setting.describe());
    }

    private void switchOff(RoutingContext rc) {
        Optional<Fault> fault = Fault.byName(rc.pathParam("name"));
        if (fault.isEmpty()) {
            unknown(rc);
            return;
        }
        flags.switchOff(fault.get());
        rc.response().setStatusCode(204).end();
    }

    private static void unknown(RoutingContext rc) {
        problem(
                rc,
                ProblemException.notFound("no fault named '" + rc.pathParam("name") + "'; the faults: "
                        + String.join(
                                ", ",
                                List.of(Fault.values()).stream()
                                        .map(Fault::flagName)
                                        .toList())));
    }

    private static void problem(RoutingContext rc, ProblemException problem) {
        String requestId = RequestIds.acceptOrGenerate(rc.request().getHeader(RequestIds.HEADER));
        rc.response()
                .setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader(RequestIds.HEADER, requestId)
                .end(Json.encode(ProblemResponses.document(problem, rc.request().path(), requestId)));
    }

    private static void json(RoutingContext rc, int status, Object body) {
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.encode(body));
    }
}
