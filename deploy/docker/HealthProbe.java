import java.io.IOException;
import java.io.Reader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The containers' healthcheck, run with the image's own java so the runtime image needs neither a
 * shell nor curl: healthy (exit 0) when GET /health/ready answers 200 within 4 s, which for the nine
 * services includes their database; unhealthy (exit 1) otherwise.
 *
 * <p>It probes the port the service itself chose, by the same rule: {@code <SERVICE>_PORT}, then
 * {@code PORT}, then the service's default port, read with its name from {@code /app/service.env}
 * (written when the image was built; {@code -Dsymbia.probe.env=<file>} names another file).
 *
 * <p>Compiled in its own Dockerfile stage with no package, so {@code java -cp /app/probe HealthProbe} runs it.
 */
public final class HealthProbe {

    private static final int TIMEOUT_MILLIS = 4_000;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        try {
            Properties image = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of(System.getProperty("symbia.probe.env", "/app/service.env")))) {
                image.load(in);
            }
            String service = image.getProperty("SYMBIA_SERVICE", "").trim();
            String port = first(System.getenv(service.toUpperCase(Locale.ROOT) + "_PORT"), System.getenv("PORT"),
                    image.getProperty("SYMBIA_SERVICE_PORT"));
            if (port == null || !port.matches("[0-9]{1,5}")) {
                System.err.println("healthcheck: no usable port for '" + service + "' (got '" + port + "')");
                System.exit(1);
            }
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health/ready")
                    .toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setInstanceFollowRedirects(false);
            int status = connection.getResponseCode();
            connection.disconnect();
            if (status != 200) {
                System.err.println("healthcheck: /health/ready answered " + status);
                System.exit(1);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("healthcheck: " + e);
            System.exit(1);
        }
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }
}
