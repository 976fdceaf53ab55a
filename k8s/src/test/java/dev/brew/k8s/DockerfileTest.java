package dev.brew.k8s;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one Dockerfile every service's image is built with ({@code --build-arg MODULE=<module>}): a pinned JRE, the
 * module's Boot layers in order, a non-root user, no port of its own (each app listens where its application.yml
 * says; the manifests declare it, CrossChecksTest holds them together).
 */
class DockerfileTest {

    private static final List<String> LAYERS =
            List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    @Test
    void everyServiceTheManifestsRunIsAModuleTheDockerfileBuilds() {
        assertThat(ServiceModule.deployable()).extracting(ServiceModule::name)
                .contains("command-service", "query-service", "member-service", "loyalty-service", "api-gateway");
        assertThat(Repository.root().resolve(".dockerignore")).content()
                .contains("!*/target/extracted/**");
    }

    @Test
    void theDockerfileRunsTheModulesBootLayersAsANonRootUser() {
        assertThat(ServiceModule.deployable()).allSatisfy(module -> {
            String dockerfile = module.dockerfile();
            List<String> from = instructions(dockerfile, "FROM");
            assertThat(from).as("%s: one stage (the jar is built by Maven)", module.name()).hasSize(1);
            assertThat(from.get(0)).as("%s base image", module.name()).startsWith("eclipse-temurin:17.");
            assertThat(Images.isPinned(from.get(0))).as("%s base image pinned", module.name()).isTrue();

            List<String> copies = instructions(dockerfile, "COPY");
            assertThat(instructions(dockerfile, "ARG")).as("the module is a build argument").contains("MODULE");
            assertThat(copies).as("%s copies Boot's layers, least changed first", module.name())
                    .containsExactlyElementsOf(LAYERS.stream()
                            .map(l -> "${MODULE}/target/extracted/" + l + "/ ./").toList());

            assertThat(userId(dockerfile)).as("%s user", module.name()).isPositive();
            assertThat(instructions(dockerfile, "ENV")).as("no PORT that would override %s's application.yml",
                    module.name()).noneMatch(env -> env.startsWith("PORT"));
            assertThat(instructions(dockerfile, "ENTRYPOINT")).containsExactly(
                    "[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
        });
    }

    /** The numeric uid of the Dockerfile's USER (a name would defeat Kubernetes' runAsNonRoot check). */
    static long userId(String dockerfile) {
        List<String> users = instructions(dockerfile, "USER");
        assertThat(users).as("one USER instruction").hasSize(1);
        Matcher uid = Pattern.compile("^(\\d+)(:\\d+)?$").matcher(users.get(0));
        assertThat(uid.matches()).as("USER %s is numeric", users.get(0)).isTrue();
        return Long.parseLong(uid.group(1));
    }

    private static List<String> instructions(String dockerfile, String instruction) {
        return dockerfile.replace("\\\n", " ").lines()
                .map(String::trim)
                .filter(line -> line.startsWith(instruction + " "))
                .map(line -> line.substring(instruction.length()).trim())
                .toList();
    }
}
