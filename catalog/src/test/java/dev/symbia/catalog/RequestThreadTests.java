package dev.symbia.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.tomcat.util.threads.VirtualThreadExecutor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * Catalog serves requests on Tomcat's platform threads, not libs/web's default virtual ones (application.yml says why;
 * CatalogSearchBench measured it).
 */
class RequestThreadTests extends CatalogTestSupport {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void requestsRunOnTomcatsPlatformThreadPool() {
        var executor = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProtocolHandler().getExecutor();

        assertThat(executor).isInstanceOf(org.apache.tomcat.util.threads.ThreadPoolExecutor.class)
                .isNotInstanceOf(VirtualThreadExecutor.class);
        // and a request really is served (on that pool)
        get("/api/resources?limit=1", null).expect(200);
    }
}
