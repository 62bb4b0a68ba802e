package dev.obsdemo.common.problem.mapper;

import dev.obsdemo.common.problem.ProblemException;
import dev.obsdemo.common.problem.SqlErrors;
import java.util.Optional;

/**
 * A database that refuses connections, lost them or has none free in time ({@link SqlErrors#isDatabaseUnavailable}):
 * a 503 {@code dependency-unavailable}, "The database is unavailable", because the dependency is down, not the
 * request wrong and not this service broken.
 *
 * <p>It is no {@code @ServerExceptionMapper} by type on purpose: the failure reaches the resource wrapped in
 * types that depend on the code that made the call (Hibernate's {@code JDBCConnectionException}, a
 * {@code QuarkusTransactionException} around it, a {@code GenericJDBCException} around Agroal's
 * {@code SQLException}), and service-commons cannot name them (the gateway has no database). Only the cause
 * chain tells, so {@link UnexpectedFailureMapper} asks this class before it answers 500.
 *
 * <p>Unique violations are not mapped here: only the domain knows what the duplicate means and which 409 to
 * answer (user-service's {@code duplicate-email}, order-service's Idempotency-Key), so it translates them with
 * {@link SqlErrors#isUniqueViolation} where it writes.
 */
final class PersistenceFailureMapper {

    private PersistenceFailureMapper() {}

    /** The 503 problem when {@code failure} means the database is unavailable, else empty. */
    static Optional<ProblemException> toProblem(Throwable failure) {
        return SqlErrors.isDatabaseUnavailable(failure)
                ? Optional.of(ProblemException.serviceUnavailable("The database is unavailable", failure))
                : Optional.empty();
    }
}
