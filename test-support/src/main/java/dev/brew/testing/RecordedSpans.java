package dev.brew.testing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Keeps every span a service under test ends, in memory, as soon as it ends: import {@link Spans} into the test's
 * Spring context (Spring Boot adds every {@link SpanProcessor} bean to the OpenTelemetry SDK) and read
 * {@link #of(String)} for one trace.
 */
public final class RecordedSpans implements SpanExporter {

    private static final RecordedSpans INSTANCE = new RecordedSpans();
    /** The newest spans; a busy test (a replay of thousands of events) must not pay for copying them all. */
    private static final int KEEP = 20_000;
    private final Deque<SpanData> spans = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    private RecordedSpans() {
    }

    /** Every recorded span of one trace, in the order they started. */
    public static List<SpanData> of(String traceId) {
        return INSTANCE.spans.stream().filter(span -> span.getTraceId().equals(traceId))
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    }

    /** One line per span: start order, name, kind, own id and parent id; for a test's report. */
    public static String describe(String traceId) {
        return of(traceId).stream().map(span -> "  %-60s %-8s span=%s parent=%s".formatted(span.getName(),
                        span.getKind(), span.getSpanId(), span.getParentSpanId()))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> ended) {
        for (SpanData span : ended) {
            spans.addLast(span);
            if (size.incrementAndGet() > KEEP && spans.pollFirst() != null) {
                size.decrementAndGet();
            }
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }

    /** The span processor that records into the shared store. */
    @Configuration(proxyBeanMethods = false)
    public static class Spans {

        @Bean
        SpanProcessor recordedSpansProcessor() {
            return SimpleSpanProcessor.create(INSTANCE);
        }
    }
}
