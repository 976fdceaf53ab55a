package dev.brew.defaults.axon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON form of events ({@link AxonJsonAutoConfiguration#eventObjectMapper()}) as a bean, for code that writes
 * or reads events outside Axon's own stores (member-service's outbox and relay). Not an {@code ObjectMapper} bean:
 * that would replace Boot's strict HTTP mapper.
 */
public final class EventJson {

    private final ObjectMapper mapper = AxonJsonAutoConfiguration.eventObjectMapper();
    private final Serializer serializer = JacksonSerializer.builder().objectMapper(mapper).build();

    /** Axon's serializer with this form (for example for the Kafka extension's record converter). */
    public Serializer serializer() {
        return serializer;
    }

    public String write(Object event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write event " + event.getClass().getName(), e);
        }
    }

    public <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a " + type.getName(), e);
        }
    }
}
