package dev.symbia.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTests {

    @Test
    void postgresUrlWithCredentials() {
        var url = DatabaseUrl.parse("postgres://symbia:s%40cret%3Ax@db.example.com:5433/platform?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:5433/platform?sslmode=require");
        assertThat(url.username()).isEqualTo("symbia");
        assertThat(url.password()).isEqualTo("s@cret:x");
    }

    @Test
    void postgresqlSchemeAndDefaultDatabase() {
        var url = DatabaseUrl.parse("postgresql://u@localhost");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/postgres");
        assertThat(url.username()).isEqualTo("u");
        assertThat(url.password()).isNull();
    }

    @Test
    void jdbcUrlKeepsParametersAndLiftsCredentials() {
        var url = DatabaseUrl.parse("jdbc:postgresql://h:5432/db?user=a&password=b&ssl=true");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?ssl=true");
        assertThat(url.username()).isEqualTo("a");
        assertThat(url.password()).isEqualTo("b");
    }

    @Test
    void supabaseTransactionPoolerTurnsOffPreparedStatementsAndKeepsSsl() {
        var url = DatabaseUrl.parse(
                "postgresql://postgres.abcdefgh:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres?sslmode=require");
        assertThat(url.jdbcUrl())
                .startsWith("jdbc:postgresql://aws-0-eu-central-1.pooler.supabase.com:6543/postgres?")
                .contains("sslmode=require")
                .contains("prepareThreshold=0");
        assertThat(url.username()).isEqualTo("postgres.abcdefgh");
    }

    @Test
    void sessionPoolerKeepsPreparedStatements() {
        var url = DatabaseUrl.parse("postgresql://u:p@aws-0-eu-central-1.pooler.supabase.com:5432/postgres?sslmode=require");
        assertThat(url.jdbcUrl()).doesNotContain("prepareThreshold");
    }

    @Test
    void withParameterReplacesExistingValue() {
        var url = DatabaseUrl.parse("postgres://u@h/db?currentSchema=x&sslmode=disable").withParameter("currentSchema", "identity");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h/db?currentSchema=identity&sslmode=disable");
    }

    @Test
    void toStringNeverShowsThePassword() {
        assertThat(DatabaseUrl.parse("postgres://u:topsecret@h/db").toString()).doesNotContain("topsecret");
    }

    @Test
    void rejectsOtherSchemesWithoutEchoingTheUrl() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:pw@h/db"))
                .hasMessageContaining("postgres://")
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> DatabaseUrl.parse(" ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres:///db")).hasMessageContaining("no host");
    }
}
