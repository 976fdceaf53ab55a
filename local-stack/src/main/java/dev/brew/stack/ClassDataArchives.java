package dev.brew.stack;

import dev.brew.testing.Directories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * How the launcher starts a service's jar with class-data sharing (ADR 0122): the jar is extracted once per build
 * (Spring Boot's {@code -Djarmode=tools extract}, beside the jar under {@code target/cds/}) because the JVM archives
 * classes only from plain jars; the first launch of a build writes the list of the classes it loads
 * ({@code -XX:DumpLoadedClassList}), and once it is ready a separate JVM builds a <em>static</em> archive from that
 * list ({@code -Xshare:dump}), in the background, one at a time; every later launch maps the archive
 * ({@code -XX:SharedArchiveFile}). A stale or damaged archive is ignored by the JVM (it starts without it, slower,
 * never wrong). {@code BREW_CDS=false} launches the plain jar.
 *
 * <p>Not a dynamic archive of the running JVM ({@code jcmd VM.cds dynamic_dump}), as before: on JDK 17 such an archive
 * keeps the "queued for compilation" mark of every method the JIT had queued at that moment (JDK-8306460, fixed in
 * JDK 21), and every JVM started from it never compiles those methods on their own. member-service's
 * {@code BCrypt.key} was one of them: a sign-up then cost seconds of CPU in every restarted instance
 * (docs/reliability.md F19). A static dump runs in a JVM of its own with the JIT off, so nothing is queued.
 */
final class ClassDataArchives implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClassDataArchives.class);

    /** The first launch of a build: the class list its JVM writes, where the archive goes, the jar it launched. */
    private record Recording(Path classList, Path archive, Path launch) {
    }

    private final List<String> javaOptions;
    private final Path logs;
    /** Per instance being recorded, until it is ready (then its archive is built) or stopped. */
    private final Map<String, Recording> recordings = new ConcurrentHashMap<>();
    /** One dump at a time: each is a JVM parsing ~12,000 classes interpreted (~15 s of CPU on this machine). */
    private final ExecutorService dumps = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "class-data-archives");
        thread.setDaemon(true);
        return thread;
    });

    ClassDataArchives(List<String> javaOptions, Path logs) {
        this.javaOptions = List.copyOf(javaOptions);
        this.logs = logs;
    }

    /** The end of the command line launching {@code jar} as {@code instance}: the archive's flags and the jar. */
    List<String> launch(String instance, Path jar) {
        recordings.remove(instance);
        if ("false".equalsIgnoreCase(System.getenv("BREW_CDS")) || !Files.isRegularFile(jar)) {
            return List.of("-jar", jar.toString());
        }
        try {
            String build = Long.toString(Files.size(jar), 36) + "-"
                    + Long.toString(Files.getLastModifiedTime(jar).toMillis(), 36);
            Path cds = jar.getParent().resolve("cds");
            Path extracted = cds.resolve(build);
            Path launch = extracted.resolve(jar.getFileName());
            if (!Files.isRegularFile(launch)) {
                extract(jar, cds, extracted);
            }
            return archived(instance, launch);
        } catch (IOException | RuntimeException e) {
            log.warn("No class-data sharing for {}: {}", jar.getFileName(), e.toString());
            return List.of("-jar", jar.toString());
        }
    }

    /** Launching a plain (extracted) jar: with its archive beside it, or recording the classes for one. */
    List<String> archived(String instance, Path launch) throws IOException {
        Path archive = launch.resolveSibling("static-" + Runtime.version().feature() + "-"
                + Integer.toHexString(System.getProperty("java.home").hashCode()) + ".jsa");
        if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-jar", launch.toString());
        }
        Path classList = launch.resolveSibling(archive.getFileName() + "." + unique() + ".classlist");
        recordings.put(instance, new Recording(classList, archive, launch));
        return List.of("-XX:DumpLoadedClassList=" + classList, "-jar", launch.toString());
    }

    /**
     * {@code instance} is ready: if it is a build's first launch, its classes so far (the start-up's) are archived in
     * the background. The list is read now, up to its last full line, since the JVM goes on appending to it.
     */
    void ready(String instance) {
        Recording recording = recordings.remove(instance);
        if (recording == null) {
            return;
        }
        Path snapshot = recording.archive().resolveSibling(recording.archive().getFileName() + "." + unique()
                + ".classes");
        try {
            byte[] written = Files.readAllBytes(recording.classList());
            int end = written.length;
            while (end > 0 && written[end - 1] != '\n') {
                end--;
            }
            Files.write(snapshot, java.util.Arrays.copyOf(written, end));
            Files.deleteIfExists(recording.classList());
        } catch (IOException e) {
            log.warn("No class-data archive for {}: {}", instance, e.toString());
            return;
        }
        dumps.execute(() -> dump(instance, snapshot, recording));
    }

    /** {@code instance} stopped before it was ready: it recorded nothing worth archiving. */
    void stopped(String instance) {
        Recording recording = recordings.remove(instance);
        if (recording != null) {
            deleteQuietly(recording.classList());
        }
    }

    private void dump(String instance, Path classes, Recording recording) {
        Path written = recording.archive().resolveSibling(recording.archive().getFileName() + "." + unique()
                + ".dumping");
        boolean done = false;
        try {
            if (Files.isRegularFile(recording.archive())) {
                return;
            }
            List<String> command = new ArrayList<>();
            command.add(java());
            command.addAll(javaOptions);
            command.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + classes,
                    "-XX:SharedArchiveFile=" + written, "-cp", recording.launch().toString()));
            Files.createDirectories(logs);
            Process dump = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logs.resolve(instance + "-class-data.log").toFile()).start();
            try {
                done = dump.waitFor(5, TimeUnit.MINUTES) && dump.exitValue() == 0;
            } finally {
                dump.destroyForcibly();
            }
            if (done && Files.isRegularFile(written) && Files.size(written) > 0) {
                // In one step: a launch sees no archive or a whole one, never a half-written file.
                Files.move(written, recording.archive(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
                log.info("Class-data archive of {} written: {}", instance, recording.archive());
            } else {
                log.warn("No class-data archive for {}: the dump failed (see {})", instance,
                        logs.resolve(instance + "-class-data.log"));
            }
        } catch (IOException e) {
            log.warn("No class-data archive for {}: {}", instance, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(written);
            deleteQuietly(classes);
        }
    }

    /**
     * Waits for the archives being built (a training launch's must exist before the next launch, as {@code
     * ./benchmark} needs); a dump still running after 3 minutes is abandoned (its half-written file is dropped).
     */
    @Override
    public void close() {
        dumps.shutdown();
        try {
            if (!dumps.awaitTermination(3, TimeUnit.MINUTES)) {
                log.warn("Class-data archives not finished after 3 minutes; abandoned");
                dumps.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dumps.shutdownNow();
        }
        recordings.values().forEach(recording -> deleteQuietly(recording.classList()));
        recordings.clear();
    }

    /** Spring Boot's extraction of a jar into {@code to} (its jar plus lib/), replacing older builds' folders. */
    private static void extract(Path jar, Path cds, Path to) throws IOException {
        if (Files.isDirectory(cds)) {
            try (var old = Files.list(cds)) {
                for (Path folder : old.toList()) {
                    if (!folder.getFileName().toString().contains(".partial-")) {
                        Directories.delete(folder);
                    }
                }
            }
        }
        // A folder of its own, moved into place in one step: stacks starting side by side may extract at once.
        Path partial = cds.resolve(to.getFileName() + ".partial-" + unique());
        Files.createDirectories(cds);
        Process extract = new ProcessBuilder(java(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--destination", partial.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!extract.waitFor(2, TimeUnit.MINUTES) || extract.exitValue() != 0) {
                extract.destroyForcibly();
                throw new IOException("extracting " + jar + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted extracting " + jar, e);
        }
        try {
            Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Another launcher put the same build in place first: use that one.
            Directories.delete(partial);
            if (!Files.isDirectory(to)) {
                throw e;
            }
        }
    }

    /** A name part no other launcher's file has: stacks launched side by side from one build never share a file. */
    private static String unique() {
        return ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("Not deleted: {} ({})", file, e.toString());
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
