package dev.symbia.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class DatabaseEnvironmentPostProcessorTests {

    private final DatabaseEnvironmentPostProcessor processor = new DatabaseEnvironmentPostProcessor();

    @Test
    void serviceSpecificUrlWinsAndSchemaIsTheServiceName() {
        var env = new MockEnvironment()
                .withProperty("spring.application.name", "messaging")
                .withProperty("DATABASE_URL", "postgres://shared:pw@db:5432/symbia")
                .withProperty("MESSAGING_DATABASE_URL", "postgres://own:pw2@db2:5432/msg");
        processor.postProcessEnvironment(env, new SpringApplication());

        assertThat(env.getProperty("spring.datasource.url"))
                .isEqualTo("jdbc:postgresql://db2:5432/msg?currentSchema=messaging&ApplicationName=messaging");
        assertThat(env.getProperty("spring.datasource.username")).isEqualTo("own");
        assertThat(env.getProperty("spring.datasource.password")).isEqualTo("pw2");
        assertThat(env.getProperty("spring.flyway.schemas")).isEqualTo("messaging");
        assertThat(env.getProperty("spring.flyway.default-schema")).isEqualTo("messaging");
    }

    @Test
    void sharedUrlIsUsedWhenNoServiceUrl() {
        var env = new MockEnvironment()
                .withProperty("spring.application.name", "identity")
                .withProperty("DATABASE_URL", "postgres://shared:pw@db:5432/symbia");
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql://db:5432/symbia?currentSchema=identity");
    }

    @Test
    void explicitDatasourceIsLeftAlone() {
        var env = new MockEnvironment()
                .withProperty("spring.application.name", "identity")
                .withProperty("spring.datasource.url", "jdbc:postgresql://elsewhere/x")
                .withProperty("DATABASE_URL", "postgres://shared:pw@db:5432/symbia");
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.datasource.url")).isEqualTo("jdbc:postgresql://elsewhere/x");
        assertThat(env.getProperty("spring.flyway.schemas")).isEqualTo("identity");
    }

    @Test
    void productionRefusesToGuessADatabase() {
        var env = new MockEnvironment().withProperty("spring.application.name", "catalog");
        assertThatThrownBy(() -> processor.postProcessEnvironment(env, new SpringApplication()))
                .hasMessageContaining("DATABASE_URL").hasMessageContaining("CATALOG_DATABASE_URL");
    }

    @Test
    void developmentFallsBackToTheLocalEmbeddedDatabase() {
        var env = new MockEnvironment()
                .withProperty("spring.application.name", "catalog")
                .withProperty("SYMBIA_ENV", "development");
        processor.postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.datasource.url")).startsWith("jdbc:postgresql://127.0.0.1:15432/postgres?");
        assertThat(env.getProperty("spring.datasource.username")).isEqualTo("postgres");
    }

    @Test
    void schemaNamesAreSafeIdentifiers() {
        assertThat(DatabaseEnvironmentPostProcessor.schemaName("My-Service")).isEqualTo("my_service");
        assertThat(DatabaseEnvironmentPostProcessor.schemaName("9lives")).isEqualTo("s_9lives");
    }
}
