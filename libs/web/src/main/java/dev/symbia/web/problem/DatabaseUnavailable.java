package dev.symbia.web.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Recognises a database that cannot be reached (or is shutting down) anywhere in an exception's causes,
 * whatever layer wrapped it (JDBC, Hikari, Spring's data access and transaction exceptions), so every
 * service answers it the same way: 503 with {@code Retry-After}, not a 500.
 */
public final class DatabaseUnavailable {

    /** What went wrong: every connection busy (overload), or the database down. */
    public enum Kind { BUSY, DOWN }

    // Spring's wrappers, named here so libs/web needs neither spring-jdbc nor spring-tx.
    private static final Set<String> SPRING_OUTAGES = Set.of(
            "org.springframework.jdbc.CannotGetJdbcConnectionException",
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.transaction.CannotCreateTransactionException");
    private static final String TRANSACTION_SYSTEM = "org.springframework.transaction.TransactionSystemException";

    private DatabaseUnavailable() {
    }

    /** BUSY, DOWN, or null when the exception is not about reaching the database. */
    public static Kind classify(Throwable ex) {
        Throwable application = applicationException(ex);
        if (application != null && application != ex) {
            Kind first = classify(application);
            if (first != null) {
                return first;
            }
        }
        boolean poolTimeout = false;
        boolean outage = false;
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                poolTimeout = true;
            }
            if (t instanceof ConnectException || SPRING_OUTAGES.contains(t.getClass().getName())
                    || (t instanceof SQLException sql && (connectionState(sql.getSQLState()) || closedConnection(sql)))) {
                outage = true;
            }
        }
        if (outage && !(poolTimeout && onlyPoolTimeout(ex))) {
            return Kind.DOWN;
        }
        return poolTimeout ? Kind.BUSY : null;
    }

    // Hikari's timeout, wrapped by Spring as CannotGetJdbcConnectionException, with no failed connect below it.
    private static boolean onlyPoolTimeout(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || (t instanceof SQLException sql && !(sql instanceof SQLTransientConnectionException)
                    && connectionState(sql.getSQLState()))) {
                return false;
            }
        }
        return true;
    }

    // A rollback that failed because the connection died hides the failure that caused it (Spring's
    // TransactionSystemException keeps it as the "application exception", outside the cause chain).
    private static Throwable applicationException(Throwable ex) {
        if (!TRANSACTION_SYSTEM.equals(ex.getClass().getName())) {
            return null;
        }
        try {
            return (Throwable) ex.getClass().getMethod("getApplicationException").invoke(ex);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return null;
        }
    }

    // Hikari's answer on a connection the pool already closed because the database went away.
    private static boolean closedConnection(SQLException sql) {
        return sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage());
    }

    // SQLSTATE class 08 (connection exception), 57P01-57P03 (shutdown, crash, cannot connect now), 53300 (too many connections).
    private static boolean connectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }
}
