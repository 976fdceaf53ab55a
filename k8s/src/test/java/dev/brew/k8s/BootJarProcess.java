package dev.brew.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service started from its Boot jar in a process of its own, configured only through environment variables, the
 * way its container runs it. Its output goes to target/service-logs/&lt;name&gt;.log.
 */
final class BootJarProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Process process;
    private final Path log;

    private BootJarProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the module's jar (Maven passes its path as brew.jar.&lt;module&gt;) listening on port; returns at once
     * (see {@link #awaitReady()}) so that several services can start side by side.
     */
    static BootJarProcess launch(String module, int port, Map<String, String> environment) {
        String jar = System.getProperty("brew.jar." + module);
        assertThat(jar).as("the %s jar (system property brew.jar.%s, set by the pom)", module, module)
                .isNotBlank().doesNotContain("${").endsWith(".jar");
        assertThat(Path.of(jar)).as("%s is built (run the verify phase, which packages it first)", jar)
                .isRegularFile();
        try {
            Path logs = Files.createDirectories(Path.of("target", "service-logs"));
            Path log = logs.resolve(module + ".log");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(logs.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(key -> key.startsWith("BREW_") || key.equals("PORT"));
            builder.environment().putAll(environment);
            builder.environment().put("PORT", String.valueOf(port));
            return new BootJarProcess(module, port, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET(), headers);
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofString(body)),
                headers);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    BootJarProcess awaitReady() {
        await(name + " ready on " + url("/actuator/health/readiness") + " (log: " + log.toAbsolutePath() + ")")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .failFast(name + " exited; see " + log.toAbsolutePath(), () -> !process.isAlive())
                .until(() -> get("/actuator/health/readiness").statusCode() == 200);
        return this;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
