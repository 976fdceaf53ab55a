package dev.brew.query.web;

import com.mongodb.MongoException;
import dev.brew.defaults.web.Problems;
import dev.brew.query.replay.ReplayService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.concurrent.CompletionException;

/** The query side's own problems; everything else falls through to the shared advice. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class QueryProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(QueryProblemAdvice.class);

    @ExceptionHandler(OrderNotFound.class)
    ProblemDetail orderNotFound(OrderNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "order-not-found", "There is no such order");
    }

    @ExceptionHandler(ReplayController.ReplayNotFound.class)
    ProblemDetail replayNotFound(ReplayController.ReplayNotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "replay-not-found", "There is no such replay");
    }

    @ExceptionHandler(OrderStreamController.TooManyStreams.class)
    ProblemDetail tooManyStreams(OrderStreamController.TooManyStreams e) {
        return e.perCaller
                ? Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams",
                        "You have too many live streams open; close one first")
                : Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams",
                        "This server has too many live streams open; try again shortly");
    }

    @ExceptionHandler(ReplayService.AlreadyRunning.class)
    ProblemDetail replayRunning(ReplayService.AlreadyRunning e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "replay-running",
                "A replay is already running; wait for it to finish");
        problem.setProperty("runningReplayId", e.runningId);
        return problem;
    }

    /** The view store is down: this service is unavailable, nothing the caller did was wrong. */
    @ExceptionHandler(MongoException.class)
    ProblemDetail storeDown(MongoException e) {
        log.warn("MongoDB failed: {}", e.toString());
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                "The order views are unavailable right now; try again shortly");
    }

    @ExceptionHandler(CompletionException.class)
    ProblemDetail queryFailed(CompletionException e) {
        if (e.getCause() instanceof MongoException mongo) {
            return storeDown(mongo);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root instanceof MongoException mongo) {
                return storeDown(mongo);
            }
        }
        log.error("Query failed", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Something went wrong on our side; nothing you sent was at fault");
    }
}
