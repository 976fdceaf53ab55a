package dev.brew.defaults.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.List;

/**
 * Builds the RFC 7807 problem bodies every Brew service answers with. A problem about the caller's input names the
 * offending fields in {@code errors} (and the first one in {@code field}), so a client can point at them.
 */
public final class Problems {

    /** Where problem types are documented; the suffix is the machine-readable code. */
    public static final String TYPE_BASE = "https://brew.dev/problems/";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + code));
        HttpStatus known = HttpStatus.resolve(status.value());
        problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
        problem.setProperty("code", code);
        return problem;
    }

    public static ProblemDetail forField(HttpStatusCode status, String code, String field, String message) {
        return forFields(status, code, message, List.of(new FieldError(field, message)));
    }

    public static ProblemDetail forFields(HttpStatusCode status, String code, String detail, List<FieldError> errors) {
        ProblemDetail problem = of(status, code, detail);
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.get(0).field());
            problem.setProperty("errors", errors);
        }
        return problem;
    }

    /** One field the caller got wrong, by its JSON path (for example {@code items[2].quantity}). */
    public record FieldError(String field, String message) {
    }
}
