package dev.symbia.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.TransactionSystemException;

/** The exceptions a stopped PostgreSQL really produced (seen in the resilience e2e test), and look-alikes that are not outages. */
class DatabaseUnavailableTests {

    private static final SQLException ADMIN_SHUTDOWN =
            new SQLException("FATAL: terminating connection due to administrator command", "57P01");

    @Test
    void aConnectionTheServerTerminatedIsAnOutage() {
        assertThat(DatabaseUnavailable.classify(new DataAccessResourceFailureException("PreparedStatementCallback", ADMIN_SHUTDOWN)))
                .isEqualTo(DatabaseUnavailable.Kind.DOWN);
        assertThat(DatabaseUnavailable.classify(new CannotGetJdbcConnectionException("no connection",
                new SQLException("Connection refused", "08001", new ConnectException("refused")))))
                .isEqualTo(DatabaseUnavailable.Kind.DOWN);
    }

    @Test
    void aRollbackThatFailedOnTheDeadConnectionIsAnOutageToo() {
        // TransactionTemplate: "Application exception overridden by rollback exception".
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollback.initApplicationException(new DataAccessResourceFailureException("insert", ADMIN_SHUTDOWN));
        assertThat(DatabaseUnavailable.classify(rollback)).isEqualTo(DatabaseUnavailable.Kind.DOWN);

        TransactionSystemException closedOnly = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        assertThat(DatabaseUnavailable.classify(closedOnly)).isEqualTo(DatabaseUnavailable.Kind.DOWN);
    }

    @Test
    void aBusyPoolIsBusyNotDown() {
        assertThat(DatabaseUnavailable.classify(new CannotGetJdbcConnectionException("timeout",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out"))))
                .isEqualTo(DatabaseUnavailable.Kind.BUSY);
    }

    @Test
    void ordinaryDataErrorsAreNotOutages() {
        assertThat(DatabaseUnavailable.classify(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isNull();
        assertThat(DatabaseUnavailable.classify(new TransactionSystemException("commit failed",
                new SQLException("could not serialize access", "40001")))).isNull();
        assertThat(DatabaseUnavailable.classify(new IllegalStateException("no"))).isNull();
    }
}
