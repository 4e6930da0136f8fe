package dev.symbia.web.problem;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.MediaType;

/**
 * Tomcat's own error report, for what it refuses before any servlet runs (a {@code %00} in the path, a
 * malformed request line) or what escapes the error page: a problem+json body instead of its HTML page.
 * Installed on the host in place of Boot's {@link ErrorReportValve} by libs/web's auto-configuration.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private final ProblemWriter writer;

    public ProblemErrorReportValve(ProblemWriter writer) {
        this.writer = writer;
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (throwable instanceof InvalidParameterException) {
            status = 400;
        }
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setStatus(status);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            byte[] body = writer.bytes(ProblemWriter.forStatus(status), request.getRequestURI());
            try (OutputStream out = response.getOutputStream()) {
                out.write(body);
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is unusable: nothing more to tell it.
        }
    }
}
