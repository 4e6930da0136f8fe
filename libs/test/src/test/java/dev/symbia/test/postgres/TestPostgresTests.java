package dev.symbia.test.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresTests {

    @Test
    void everyCallerGetsItsOwnEmptyRealDatabase() throws Exception {
        TestDatabase first = TestPostgres.freshDatabase();
        TestDatabase second = TestPostgres.freshDatabase();
        assertThat(first.name()).isNotEqualTo(second.name());

        try (Connection c = first.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE only_in_first (id int)");
            try (ResultSet rs = s.executeQuery("SELECT version()")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("PostgreSQL");
            }
        }
        try (Connection c = second.connect();
             ResultSet rs = c.getMetaData().getTables(null, "public", "only_in_first", null)) {
            assertThat(rs.next()).isFalse();
        }
    }
}
