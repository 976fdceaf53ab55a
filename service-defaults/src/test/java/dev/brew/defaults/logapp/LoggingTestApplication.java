package dev.brew.defaults.logapp;

import dev.brew.defaults.observability.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A service that logs one line about an order, as command-service does around its commands. */
@SpringBootApplication
public class LoggingTestApplication {

    static final String MESSAGE = "order looked at";

    @RestController
    static class OrderLogController {

        private static final Logger log = LoggerFactory.getLogger(OrderLogController.class);

        @GetMapping("/api/logged/{orderId}")
        @SuppressWarnings("try")
        String logged(@PathVariable String orderId) {
            try (LogContext ignored = LogContext.of(LogContext.ORDER_ID, orderId)) {
                log.info(MESSAGE);
            }
            return "logged";
        }
    }
}
