package dev.obsdemo.common.problem;

import java.sql.SQLException;

/**
 * What a database failure means, read anywhere in its cause chain (JPA and transactions wrap it deeply): from
 * the PostgreSQL SQLState (PostgreSQL documentation, appendix A, "PostgreSQL Error Codes") or, for the
 * connection pool, from Agroal's message.
 */
public final class SqlErrors {

    /** Agroal's SQLException, with no SQLState, when no pooled connection became free in time. */
    private static final String POOL_ACQUISITION_TIMEOUT = "Acquisition timeout";

    private SqlErrors() {}

    /** A unique constraint refused the row (23505): the thing already exists. */
    public static boolean isUniqueViolation(Throwable failure) {
        return sqlStateStartsWith(failure, "23505");
    }

    /**
     * PostgreSQL cancelled the statement (57014 {@code query_canceled}), here because it ran into the
     * {@code statement_timeout} a request's deadline set: the transaction rolled back, nothing was stored.
     */
    public static boolean isStatementCancelled(Throwable failure) {
        return sqlStateStartsWith(failure, "57014");
    }

    /**
     * The database is away, not the request wrong: the connection was lost or refused (class 08), the server
     * takes no more connections for this database or role (53300, e.g. a connection limit of 0 while it is
     * under maintenance), or it is shutting down, restarting or terminated our session (57P01-57P03).
     */
    public static boolean isConnectionFailure(Throwable failure) {
        return sqlStateStartsWith(failure, "08")
                || sqlStateStartsWith(failure, "53300")
                || sqlStateStartsWith(failure, "57P01")
                || sqlStateStartsWith(failure, "57P02")
                || sqlStateStartsWith(failure, "57P03");
    }

    /**
     * The request could not get to the database: a {@linkplain #isConnectionFailure connection failure} (also
     * the first use of a pooled connection that died while PostgreSQL was away), or no connection from the pool
     * in time. The dependency is down, not this service broken.
     */
    public static boolean isDatabaseUnavailable(Throwable failure) {
        if (isConnectionFailure(failure)) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && String.valueOf(sql.getMessage()).contains(POOL_ACQUISITION_TIMEOUT)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sqlStateStartsWith(Throwable failure, String prefix) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
