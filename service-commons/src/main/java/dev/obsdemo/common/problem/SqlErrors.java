package dev.obsdemo.common.problem;

import java.sql.SQLException;

/** What a database failure means, read from the SQLState anywhere in its cause chain (JPA wraps it deeply). */
public final class SqlErrors {

    private SqlErrors() {
    }

    /** A unique constraint refused the row (23505): the thing already exists. */
    public static boolean isUniqueViolation(Throwable failure) {
        return sqlStateStartsWith(failure, "23505");
    }

    /**
     * The database is away, not the request wrong: the connection was lost or refused (class 08), the server
     * takes no more connections for this database or role (53300, e.g. a connection limit of 0 while it is
     * under maintenance), or it is shutting down, restarting or terminated our session (57P01-57P03).
     */
    public static boolean isConnectionFailure(Throwable failure) {
        return sqlStateStartsWith(failure, "08") || sqlStateStartsWith(failure, "53300")
                || sqlStateStartsWith(failure, "57P01") || sqlStateStartsWith(failure, "57P02")
                || sqlStateStartsWith(failure, "57P03");
    }

    private static boolean sqlStateStartsWith(Throwable failure, String prefix) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
