/**
 * Turns every failure that leaves a resource into an RFC 9457 {@code application/problem+json} response with
 * the request ID, one mapper per kind of failure:
 * <ul>
 * <li>{@link dev.obsdemo.common.problem.mapper.JsonInputMapper}: a body that is not the strict JSON the API
 * reads (malformed, unknown field, field sent twice, wrong type, trailing content, out of range): 400;</li>
 * <li>{@link dev.obsdemo.common.problem.mapper.ValidationMapper}: Bean Validation constraint violations: 400
 * with {@code errors: [{field, message}]};</li>
 * <li>{@link dev.obsdemo.common.problem.mapper.HttpStatusMapper}: the statuses Quarkus REST decides (404, 405,
 * 406, 415, 5xx), and a path parameter that is not a number: 400;</li>
 * <li>{@link dev.obsdemo.common.problem.mapper.DependencyFailureMapper}: a timeout, an open circuit breaker, a
 * full bulkhead, a failed connection, and every 5xx problem: 503 with {@code Retry-After};</li>
 * <li>{@link dev.obsdemo.common.problem.mapper.ProblemExceptionMapper}: a problem the domain described;</li>
 * <li>{@link dev.obsdemo.common.problem.mapper.UnexpectedFailureMapper}: the logged 500 that reveals nothing
 * but the request ID, after {@link dev.obsdemo.common.problem.mapper.PersistenceFailureMapper} has told a
 * database that is away (503) apart.</li>
 * </ul>
 * Each builds a {@link dev.obsdemo.common.problem.ProblemException};
 * {@link dev.obsdemo.common.problem.ProblemResponses} renders them all. Field names in {@code errors} are
 * paths into the JSON body ({@link dev.obsdemo.common.problem.mapper.FieldPaths}). Quarkus finds the mappers
 * because service-commons has a {@code META-INF/beans.xml}.
 *
 * <h2>Why not the Quarkiverse extension quarkus-resteasy-problem</h2>
 * The extension ({@code io.quarkiverse.resteasy-problem:quarkus-resteasy-problem}, now also published as
 * quarkus-http-problem) maps exceptions to RFC 7807/9457 problems and documents them in OpenAPI. The version
 * this project can use is 3.21.0 (built with Quarkus 3.25.2, declared for 3.25 and later; 3.32.0 and 3.32.1,
 * built for newer Quarkus, are not served by the registry this project builds from). It resolves and runs on Quarkus 3.33.2 with Quarkus REST, but it
 * cannot keep the documented behaviour, so this package does not use it. Added beside these mappers (checked
 * with user-service's API tests: 13 of 26 failed):
 * <ul>
 * <li>its own mappers for {@code WebApplicationException}, {@code ConstraintViolationException} and the Jackson
 * exceptions answer instead of ours, which have the same priority;</li>
 * <li>a validation problem carries {@code violations: [{field, in, message}]} and no detail, not
 * {@code errors: [{field, message}]}; its {@code HttpProblem.Builder} cannot remove a member, so a
 * {@code ProblemPostProcessor} cannot rename it;</li>
 * <li>an unknown field or a wrong type gets a top-level {@code field} member and Jackson's message as detail,
 * no {@code errors}; a field sent twice or malformed JSON (which Quarkus' JSON reader wraps in a
 * {@code WebApplicationException}) becomes "HTTP 400 Bad Request" without the field, line or column;</li>
 * <li>{@code /users/abc} stays a 404 (README "IDs": a 400 that says so); a 405 says "HTTP 405 Method Not
 * Allowed" without {@code Allow} (the gateway's tests assert "Method not allowed on /api/users/7");</li>
 * <li>no {@code type} member and no {@code requestId} unless added by configuration or a post-processor; its
 * catch-all 500 has no detail; it logs every 4xx at INFO under the logger {@code http-problem}.</li>
 * </ul>
 * Keeping our behaviour would mean overriding every one of its mappers at a higher priority and post-processing
 * the rest: what remained of the extension would be its {@code HttpProblem} serializer, which the
 * {@link dev.obsdemo.common.problem.Problem} record already is, plus a second problem type beside the one the
 * gateway relays and the OpenAPI annotations name.
 */
package dev.obsdemo.common.problem.mapper;
