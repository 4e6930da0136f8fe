package dev.symbia.devdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.symbia.embeddedpg.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresLauncherTests {

    @TempDir
    Path data;

    @Test
    void dataSurvivesARestartOnTheSameDirectory() throws Exception {
        int port = freePort();
        try (EmbeddedPostgres first = EmbeddedPostgresLauncher.start(data, port, PostgresBinaries.defaultLocation());
             Connection c = DriverManager.getConnection(url(port), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('still here')");
        }
        try (EmbeddedPostgres second = EmbeddedPostgresLauncher.start(data, port, PostgresBinaries.defaultLocation());
             Connection c = DriverManager.getConnection(url(port), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
            try (Statement settings = c.createStatement();
                 ResultSet max = settings.executeQuery("SHOW max_connections")) {
                max.next();
                assertThat(max.getInt(1)).isEqualTo(300);
            }
        }
    }

    private static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
