package dev.symbia.auth;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/** Nimbus's way to fetch a JWKS, over a service's OkHttp client: only a 200 counts, and only a bounded body. */
final class OkHttpResourceRetriever implements ResourceRetriever {

    private final OkHttpClient http;
    private final int maxBytes;

    OkHttpResourceRetriever(OkHttpClient http, int maxBytes) {
        this.http = http;
        this.maxBytes = maxBytes;
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        Request request = new Request.Builder().url(url).header("Accept", "application/json").get().build();
        try (Response response = http.newCall(request).execute()) {
            if (response.code() != 200) {
                throw new IOException("answered " + response.code());
            }
            BufferedSource body = response.body().source();
            if (body.request(maxBytes + 1L)) { // buffers at most one byte past the bound
                throw new IOException("implausibly large (over " + maxBytes + " bytes)");
            }
            return new Resource(body.readString(StandardCharsets.UTF_8), response.header("Content-Type"));
        }
    }
}
