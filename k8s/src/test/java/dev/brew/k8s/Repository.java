package dev.brew.k8s;

import java.nio.file.Files;
import java.nio.file.Path;

/** The Brew repository the manifests live in (Maven passes it; an IDE run finds it from the working directory). */
final class Repository {

    private Repository() {
    }

    static Path root() {
        String configured = System.getProperty("brew.repository");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("k8s/overlays")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Brew repository; set -Dbrew.repository");
    }

    static Path k8s() {
        return root().resolve("k8s");
    }
}
