package dev.brew.k8s;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/** Renders a kustomization with the installed kubectl ({@code kubectl kustomize}), as {@code kubectl apply -k} would. */
final class Kubectl {

    private Kubectl() {
    }

    static String kustomize(Path directory) {
        Path kubectl = find().orElseGet(() -> fail("""
                kubectl is not installed, so the Kubernetes manifests cannot be rendered and checked.
                Install it (Debian/Ubuntu: apt-get install kubectl; CI's .ci/run does) and run the tests again."""));
        try {
            Path errors = Files.createTempFile("kubectl-", ".err");
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", directory.toString())
                    .redirectError(errors.toFile())
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("kubectl kustomize " + directory + " did not finish in 120 s");
            }
            String stderr = Files.readString(errors);
            Files.deleteIfExists(errors);
            if (process.exitValue() != 0) {
                fail("kubectl kustomize " + directory + " failed (exit " + process.exitValue() + "):\n" + stderr);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Optional<Path> find() {
        Stream<Path> candidates = Stream.concat(Stream.of(Path.of("/usr/bin/kubectl")),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .filter(dir -> !dir.isBlank())
                        .map(dir -> Path.of(dir, "kubectl")));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    static List<String> overlays() {
        return List.of("dev", "prod");
    }
}
