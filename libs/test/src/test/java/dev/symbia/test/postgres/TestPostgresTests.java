package dev.symbia.test.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

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

    @Test
    void theContainerImageIsConfigurableAndStandsInForPostgres() {
        String before = System.getProperty("symbia.test.postgres-image");
        try {
            System.setProperty("symbia.test.postgres-image", "symbia-local/postgres:17");
            DockerImageName image = TestPostgres.containerImage();
            assertThat(image.asCanonicalNameString()).isEqualTo("symbia-local/postgres:17");
            assertThat(image.isCompatibleWith(DockerImageName.parse("postgres"))).isTrue();

            System.setProperty("symbia.test.postgres-image", " ");
            if (System.getenv("SYMBIA_TEST_POSTGRES_IMAGE") == null) {
                assertThat(TestPostgres.containerImage().asCanonicalNameString()).isEqualTo("postgres:17-alpine");
            }
        } finally {
            if (before == null) {
                System.clearProperty("symbia.test.postgres-image");
            } else {
                System.setProperty("symbia.test.postgres-image", before);
            }
        }
    }

    /** Proves which path ran when asked to: SYMBIA_TEST_EXPECT_POSTGRES=testcontainers (or embedded). */
    @Test
    void theServerIsOfTheExpectedKind() {
        String expected = System.getenv("SYMBIA_TEST_EXPECT_POSTGRES");
        assumeTrue(expected != null && !expected.isBlank(), "SYMBIA_TEST_EXPECT_POSTGRES not set");
        assertThat(TestPostgres.kind()).as("DOCKER_HOST=%s", System.getenv("DOCKER_HOST")).isEqualTo(expected);
    }
}
