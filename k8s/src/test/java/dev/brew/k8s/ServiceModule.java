package dev.brew.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A deployable Brew module as its own files describe it, read afresh on every run so that the checks follow the
 * services as they change: its {@code application.yml}, the shared service defaults, its pom and the Dockerfile every
 * service's image is built with (one, at the repository root, {@code --build-arg MODULE=<module>}).
 */
record ServiceModule(String name, Path dir) {

    /** Variables the JVM itself reads, not Spring. */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?=[:}])");
    private static final Pattern PLACEHOLDER = Pattern.compile("^\\$\\{([A-Za-z0-9_.\\-]+)(?::([^}]*))?}$");
    private static final Path DEFAULTS = Path.of("service-defaults/src/main/resources/brew-service-defaults.properties");

    /** Every module that builds a Boot jar (the shared Dockerfile's input): the ones that run as containers. */
    static List<ServiceModule> deployable() {
        try (Stream<Path> dirs = Files.list(Repository.root())) {
            return dirs.filter(ServiceModule::buildsBootJar)
                    .map(dir -> of(dir.getFileName().toString()))
                    .sorted(java.util.Comparator.comparing(ServiceModule::name))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The module named so; fails unless it is a folder with a pom (of that artifactId) that builds a Boot jar. */
    static ServiceModule of(String name) {
        Path dir = Repository.root().resolve(name);
        if (!buildsBootJar(dir)) {
            throw new AssertionError("Image brew/" + name + " has no module: " + dir
                    + " needs a pom.xml that builds a Boot jar (spring-boot-maven-plugin)");
        }
        ServiceModule module = new ServiceModule(name, dir);
        if (!module.artifactId().equals(name)) {
            throw new AssertionError("Folder " + name + " builds artifact " + module.artifactId() + ", not " + name);
        }
        return module;
    }

    String artifactId() {
        String pom = read(dir.resolve("pom.xml"));
        String afterParent = pom.substring(pom.indexOf("</parent>") + 1);
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(afterParent);
        return m.find() ? m.group(1).trim() : "";
    }

    private static boolean buildsBootJar(Path dir) {
        Path pom = dir.resolve("pom.xml");
        return Files.isRegularFile(pom) && read(pom).contains("<artifactId>spring-boot-maven-plugin</artifactId>");
    }

    /** The Dockerfile its image is built with: the shared one, {@code --build-arg MODULE=<name>}. */
    String dockerfile() {
        return read(Repository.root().resolve("Dockerfile"));
    }

    boolean usesServiceDefaults() {
        return read(dir.resolve("pom.xml")).contains("<artifactId>brew-service-defaults</artifactId>");
    }

    Path applicationYml() {
        return dir.resolve("src/main/resources/application.yml");
    }

    /** Its settings: application.yml over the shared defaults, flattened to Spring property names. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (usesServiceDefaults()) {
            Properties defaults = new Properties();
            try {
                defaults.load(new StringReader(read(Repository.root().resolve(DEFAULTS))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            defaults.stringPropertyNames().forEach(key -> settings.put(key, defaults.getProperty(key)));
        }
        try {
            flatten("", new YAMLMapper().readTree(read(applicationYml())), settings);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + applicationYml(), e);
        }
        return settings;
    }

    Optional<String> setting(String key) {
        return Optional.ofNullable(settings().get(key));
    }

    /** The environment variables its settings name in placeholders, e.g. {@code ${BREW_KAFKA_BOOTSTRAP_SERVERS:..}}. */
    Set<String> environmentPlaceholders() {
        Set<String> names = new TreeSet<>();
        String text = read(applicationYml()) + (usesServiceDefaults() ? read(Repository.root().resolve(DEFAULTS)) : "");
        Matcher m = ENV_PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * The environment variables that set one of its settings through Spring's relaxed binding: for
     * {@code brew.kafka.replication-factor}, {@code BREW_KAFKA_REPLICATIONFACTOR} and the legacy
     * {@code BREW_KAFKA_REPLICATION_FACTOR}.
     */
    Set<String> relaxedEnvironmentNames() {
        Set<String> names = new TreeSet<>();
        for (String key : settings().keySet()) {
            String property = key.replaceAll("\\[(\\d+)]", ".$1");
            names.add(property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT));
            names.add(property.replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT));
        }
        return names;
    }

    /** Whether setting this variable changes something this service reads. */
    boolean reads(String variable) {
        return JVM_VARIABLES.contains(variable) || environmentPlaceholders().contains(variable)
                || relaxedEnvironmentNames().contains(variable);
    }

    /** The port the application listens on given these environment variables (server.port, resolved). */
    int port(Map<String, String> environment) {
        return resolveInt("server.port", environment).orElse(8080);
    }

    /** The port actuator answers on: management.server.port if set, else the application's. */
    int managementPort(Map<String, String> environment) {
        return resolveInt("management.server.port", environment).orElse(port(environment));
    }

    /** A setting's value as the service sees it with these environment variables (placeholders resolved). */
    Optional<String> resolvedSetting(String key, Map<String, String> environment) {
        String relaxed = key.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
        if (environment.containsKey(relaxed)) {
            return Optional.of(environment.get(relaxed));
        }
        return setting(key).map(value -> resolve(value, environment));
    }

    private Optional<Integer> resolveInt(String key, Map<String, String> environment) {
        String relaxed = key.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
        if (environment.containsKey(relaxed)) {
            return Optional.of(Integer.parseInt(environment.get(relaxed)));
        }
        return setting(key).map(value -> Integer.parseInt(resolve(value, environment)));
    }

    private String resolve(String value, Map<String, String> environment) {
        Matcher m = PLACEHOLDER.matcher(value.trim());
        if (!m.matches()) {
            return value.trim();
        }
        String name = m.group(1);
        if (environment.containsKey(name)) {
            return environment.get(name);
        }
        if (m.group(2) != null) {
            return resolve(m.group(2), environment);
        }
        return setting(name).map(v -> resolve(v, environment))
                .orElseThrow(() -> new AssertionError("Unresolvable placeholder " + value + " in " + name));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            node.properties().forEach(field ->
                    flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(prefix + "[" + i + "]", node.get(i), into);
            }
        } else {
            into.put(prefix, node.isNull() ? "" : node.asText());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
