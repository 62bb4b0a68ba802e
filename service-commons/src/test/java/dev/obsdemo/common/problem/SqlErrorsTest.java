package dev.obsdemo.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlErrorsTest {

    /** As JPA and a transaction deliver it: the SQLException three causes deep. */
    private static RuntimeException wrapped(SQLException sql) {
        return new IllegalStateException(
                "transaction failed",
                new RuntimeException("could not execute statement", new RuntimeException("JDBC", sql)));
    }

    @Test
    void aUniqueViolationIsFoundDeepInTheCauses() {
        assertThat(SqlErrors.isUniqueViolation(wrapped(new SQLException("duplicate key", "23505"))))
                .isTrue();
        assertThat(SqlErrors.isUniqueViolation(wrapped(new SQLException("not null", "23502"))))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08006", "08003", "53300", "57P01", "57P02", "57P03"})
    void aLostOrRefusedConnectionMeansTheDatabaseIsUnavailable(String sqlState) {
        RuntimeException failure = wrapped(new SQLException("connection", sqlState));

        assertThat(SqlErrors.isConnectionFailure(failure)).isTrue();
        assertThat(SqlErrors.isDatabaseUnavailable(failure)).isTrue();
    }

    @Test
    void noPooledConnectionInTimeMeansTheDatabaseIsUnavailable() {
        RuntimeException failure = wrapped(new SQLException("Acquisition timeout while waiting for new connection"));

        assertThat(SqlErrors.isConnectionFailure(failure)).isFalse();
        assertThat(SqlErrors.isDatabaseUnavailable(failure)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "42P01", "40001", "57014"})
    void aStatementTheDatabaseRefusedIsNotAnOutage(String sqlState) {
        assertThat(SqlErrors.isDatabaseUnavailable(wrapped(new SQLException("refused", sqlState))))
                .isFalse();
    }

    @Test
    void aFailureWithoutSqlExceptionIsNeither() {
        RuntimeException failure = new IllegalStateException("bug");

        assertThat(SqlErrors.isUniqueViolation(failure)).isFalse();
        assertThat(SqlErrors.isDatabaseUnavailable(failure)).isFalse();
        assertThat(SqlErrors.isDatabaseUnavailable(new SQLException((String) null)))
                .isFalse();
    }
}
