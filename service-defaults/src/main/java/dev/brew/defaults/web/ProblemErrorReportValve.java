package dev.brew.defaults.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's own answers, given before any Spring code runs (a request target with characters that must be
 * percent-encoded, such as {@code ?status[$ne]=DONE}; a malformed request line; headers too large), become RFC 7807
 * problem bodies in Brew's shape instead of Tomcat's HTML error page. Errors the application answered itself have
 * a body already and are left alone, as Tomcat's own valve does.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get() || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String code = status == 400 ? "malformed-request"
                : known == null ? "error" : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        String detail = status == 400
                ? "The request is malformed: characters such as [ ] { } | in the query must be percent-encoded"
                : known == null ? "The request failed" : known.getReasonPhrase();
        String title = known == null ? "Error" : known.getReasonPhrase();
        // Every value is one of the fixed texts above: nothing from the request is echoed.
        String body = "{\"type\":\"" + Problems.TYPE_BASE + code + "\",\"title\":\"" + title + "\",\"status\":"
                + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response cannot take a body any more: nothing more to say.
        }
    }
}
