package dev.brew.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real JVM records, a real {@code -Xshare:dump} archives, and a real JVM maps the archive: the launcher's
 * class-data sharing end to end, on a one-class jar (the services' jars take the same path, only extracted first).
 */
class ClassDataArchivesTest {

    private static final List<String> OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx64m");

    @Test
    void the_first_launch_records_its_classes_and_every_later_launch_maps_them_from_a_static_archive(
            @TempDir Path dir) throws Exception {
        Path jar = helloJar(dir);
        List<String> first;
        try (ClassDataArchives archives = new ClassDataArchives(OPTIONS, dir.resolve("logs"))) {
            first = archives.archived("hello", jar);
            assertThat(first.get(0)).startsWith("-XX:DumpLoadedClassList=");
            Process recording = startUntilReady(first, new ArrayList<>());
            // Ready while the JVM still runs (and goes on writing its list), as the stack's services are.
            archives.ready("hello");
            stop(recording);
        } // closing waits for the archive

        List<String> later = new ClassDataArchives(OPTIONS, dir.resolve("logs")).archived("hello", jar);
        assertThat(later.get(0)).startsWith("-XX:SharedArchiveFile=");
        List<String> output = new ArrayList<>();
        List<String> mapped = new ArrayList<>(List.of("-Xshare:on", "-Xlog:class+load=info"));
        mapped.addAll(later);
        // -Xshare:on: a JVM that cannot map the archive refuses to start rather than starting without it.
        stop(startUntilReady(mapped, output));
        assertThat(output).anyMatch(line -> line.contains(" Hello source: shared objects file"));
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .as("nothing but the jar, the archive and the dump's log is left")
                    .containsExactlyInAnyOrder("hello.jar", Path.of(later.get(0).substring(
                            "-XX:SharedArchiveFile=".length())).getFileName().toString(), "logs");
        }
    }

    @Test
    void an_instance_stopped_before_it_was_ready_leaves_no_archive_and_no_list(@TempDir Path dir)
            throws Exception {
        Path jar = helloJar(dir);
        try (ClassDataArchives archives = new ClassDataArchives(OPTIONS, dir.resolve("logs"))) {
            Process recording = startUntilReady(archives.archived("hello", jar), new ArrayList<>());
            stop(recording);
            archives.stopped("hello");
            archives.ready("hello");
        }

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("hello.jar");
        }
        assertThat(new ClassDataArchives(OPTIONS, dir.resolve("logs")).archived("hello", jar).get(0))
                .startsWith("-XX:DumpLoadedClassList=");
    }

    /** A JVM launched with {@code tail} that prints "ready" and then waits for a line on its input. */
    private static Process startUntilReady(List<String> tail, List<String> output) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(OPTIONS);
        command.addAll(tail);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            output.add(line);
            if (line.equals("ready")) {
                return process;
            }
        }
        throw new IllegalStateException("exited without getting ready: " + String.join("\n", output));
    }

    private static void stop(Process process) throws Exception {
        try (OutputStream in = process.getOutputStream()) {
            in.write('\n');
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static Path helloJar(Path dir) throws IOException {
        Path sources = Files.createTempDirectory("hello-src");
        Files.writeString(sources.resolve("Hello.java"), """
                public class Hello {
                    public static void main(String[] args) throws Exception {
                        System.out.println("ready");
                        System.out.flush();
                        System.in.read();
                    }
                }
                """);
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", sources.toString(),
                sources.resolve("Hello.java").toString());
        assertThat(compiled).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        Path jar = dir.resolve("hello.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new JarEntry("Hello.class"));
            out.write(Files.readAllBytes(sources.resolve("Hello.class")));
            out.closeEntry();
        }
        return jar;
    }
}
