package dev.symbia.gateway.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;

/**
 * The console's files, read once from the classpath: the app under {@code console/} and its libraries from
 * their WebJars under {@code vendor/<name>/} (lit-html, uPlot, ECharts). They are served under {@code /assets/<version>/}, where the version
 * is a digest of every file's path and content: any change gives every asset a new URL, so the URLs can be
 * cached for a year (immutable), relative imports between modules keep working without rewriting, and
 * no Node.js build step is needed to "hash" names. index.html names the version and is never cached.
 */
final class ConsoleAssets {

    static final String INDEX = "index.html";
    private static final String VERSION_PLACEHOLDER = "@ASSETS@";
    private static final String CONFIG_PLACEHOLDER = "@CONFIG@";
    private static final String APP_ROOT = "console/";
    private static final String WEBJARS = "META-INF/resources/webjars/";

    /** A WebJar the console loads, and which of its files (path under its version) the browser needs. */
    private record Vendor(String name, java.util.function.Predicate<String> serves) {
    }

    private static final List<Vendor> VENDORS = List.of(
            // The browser build of lit-html: not its node/ and development/ copies, typings or source maps.
            new Vendor("lit-html", path -> (path.endsWith(".js") || path.equals("LICENSE"))
                    && !path.startsWith("node/") && !path.startsWith("development/")),
            // uPlot's ES module and stylesheet (the Observe charts).
            new Vendor("uplot", path -> Set.of("dist/uPlot.esm.js", "dist/uPlot.min.css", "LICENSE").contains(path)),
            // ECharts' self-contained ES module (the workflow and topology diagrams), loaded only by those pages.
            new Vendor("echarts", path -> Set.of("dist/echarts.esm.min.js", "LICENSE", "licenses/LICENSE-d3").contains(path)));

    record Asset(byte[] body, MediaType type) {
    }

    private final Map<String, Asset> files;
    private final String version;
    private final byte[] index;

    private ConsoleAssets(Map<String, Asset> files, String version, byte[] index) {
        this.files = files;
        this.version = version;
        this.index = index;
    }

    static ConsoleAssets load(ClassLoader classLoader) {
        return load(classLoader, "");
    }

    /** With {@code config} (HTML meta elements, already escaped) in place of index.html's {@code @CONFIG@}. */
    static ConsoleAssets load(ClassLoader classLoader, String config) {
        var resolver = new PathMatchingResourcePatternResolver(classLoader);
        Map<String, Asset> files = new TreeMap<>();
        try {
            // Only files next to the gateway's own index.html: a console/ folder in some other jar is not served.
            Resource indexResource = resolver.getResource("classpath:" + APP_ROOT + INDEX);
            if (!indexResource.exists()) {
                throw new IllegalStateException("The console's index.html is missing from the classpath (" + APP_ROOT + ")");
            }
            String indexUrl = indexResource.getURL().toString();
            String appRoot = indexUrl.substring(0, indexUrl.length() - INDEX.length());
            for (Resource resource : resolver.getResources("classpath*:" + APP_ROOT + "**/*.*")) {
                String url = resource.getURL().toString();
                if (resource.isReadable() && url.startsWith(appRoot)) {
                    String path = url.substring(appRoot.length());
                    files.put(path, asset(resource, path));
                }
            }
            for (Vendor vendor : VENDORS) {
                for (Resource resource : resolver.getResources("classpath*:" + WEBJARS + vendor.name() + "/*/**/*")) {
                    String path = relative(resource, WEBJARS + vendor.name() + "/");
                    if (path == null) {
                        continue;
                    }
                    String inVersion = path.substring(path.indexOf('/') + 1);
                    if (vendor.serves().test(inVersion)) {
                        files.put("vendor/" + vendor.name() + "/" + inVersion, asset(resource, inVersion));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the console's assets", e);
        }
        Asset indexAsset = files.remove(INDEX);
        if (indexAsset == null) {
            throw new IllegalStateException("The console's index.html is missing from the classpath (" + APP_ROOT + ")");
        }
        String version = digest(files, indexAsset.body());
        byte[] index = new String(indexAsset.body(), StandardCharsets.UTF_8)
                .replace(VERSION_PLACEHOLDER, "/assets/" + version).replace(CONFIG_PLACEHOLDER, config).getBytes(StandardCharsets.UTF_8);
        return new ConsoleAssets(Map.copyOf(files), version, index);
    }

    String version() {
        return version;
    }

    byte[] index() {
        return index;
    }

    /** The asset at this path of the given version; none for another version (never stale content under a new name). */
    Optional<Asset> find(String requestedVersion, String path) {
        if (!version.equals(requestedVersion)) {
            return Optional.empty();
        }
        return Optional.ofNullable(files.get(path));
    }

    private static String relative(Resource resource, String root) throws IOException {
        if (!resource.isReadable()) {
            return null;
        }
        String url = resource.getURL().toString();
        int at = url.lastIndexOf(root);
        return at < 0 ? null : url.substring(at + root.length());
    }

    private static Asset asset(Resource resource, String path) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            return new Asset(in.readAllBytes(), mediaType(path));
        }
    }

    static MediaType mediaType(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "js", "mjs" -> new MediaType("text", "javascript", StandardCharsets.UTF_8);
            case "css" -> new MediaType("text", "css", StandardCharsets.UTF_8);
            case "html" -> new MediaType("text", "html", StandardCharsets.UTF_8);
            case "svg" -> MediaType.valueOf("image/svg+xml");
            case "png" -> MediaType.IMAGE_PNG;
            case "json" -> MediaType.APPLICATION_JSON;
            default -> new MediaType("text", "plain", StandardCharsets.UTF_8);
        };
    }

    private static String digest(Map<String, Asset> files, byte[] index) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(index);
            files.forEach((path, asset) -> {
                sha.update(path.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(asset.body());
            });
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
