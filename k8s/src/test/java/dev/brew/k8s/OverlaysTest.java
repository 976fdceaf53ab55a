package dev.brew.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** What makes dev dev and prod prod (issue 8), and the parts both share: topics, stores, the UI, the Ingress. */
class OverlaysTest {

    private final Rendered dev = Rendered.overlay("dev");
    private final Rendered prod = Rendered.overlay("prod");

    @Test
    void devRunsOneOfEverything() {
        assertThat(dev.workloads()).filteredOn(w -> !w.kind().equals("Job"))
                .allSatisfy(w -> assertThat(w.replicaCount()).as(w.toString()).isEqualTo(1));
        assertThat(kafkaVoters(dev)).containsExactly("0@kafka-0.kafka-headless:9093");
        assertThat(config(dev, "mongodb-config")).containsEntry("MONGO_REPLICAS", "1");
        assertThat(dev.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(dev.all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void prodRunsAtLeastTwoOfEveryServiceSpreadOverNodesWithBudgets() {
        List<Rendered.Workload> stateless = prod.workloads().stream()
                .filter(w -> w.kind().equals("Deployment") && !w.name().endsWith("-canary")).toList();
        assertThat(stateless).extracting(Rendered.Workload::name)
                .contains("api-gateway", "command-service", "query-service", "member-service", "ui");
        assertThat(stateless).allSatisfy(w -> {
            assertThat(w.replicaCount()).as("%s replicas", w).isGreaterThanOrEqualTo(2);
            assertThat(w.pod().getAffinity().getPodAntiAffinity()).as("%s anti-affinity", w).isNotNull();
            assertThat(prod.all(PodDisruptionBudget.class)).as("%s has a PDB", w)
                    .anyMatch(pdb -> Rendered.matches(pdb.getSpec().getSelector(), w.labels()));
        });
    }

    @Test
    void prodAutoscalesExactlyCommandQueryAndMemberService() {
        assertThat(prod.all(HorizontalPodAutoscaler.class))
                .extracting(hpa -> hpa.getSpec().getScaleTargetRef().getName())
                .containsExactlyInAnyOrder("command-service", "query-service", "member-service");
    }

    @Test
    void prodRunsAThreeNodeKraftKafka() {
        StatefulSet kafka = prod.get(StatefulSet.class, "kafka");
        assertThat(kafka.getSpec().getReplicas()).isEqualTo(3);
        assertThat(kafka.getSpec().getTemplate().getSpec().getAffinity().getPodAntiAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()).isNotEmpty();
        assertThat(kafkaVoters(prod)).containsExactly("0@kafka-0.kafka-headless:9093",
                "1@kafka-1.kafka-headless:9093", "2@kafka-2.kafka-headless:9093");
        assertThat(config(prod, "kafka-config"))
                .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                .containsEntry("TOPIC_REPLICATION_FACTOR", "3");
        assertThat(kafka.getSpec().getVolumeClaimTemplates()).isNotEmpty();
    }

    @Test
    void prodRunsAMongoReplicaSetOfThreeAndPostgresOnAPersistentVolume() {
        StatefulSet mongo = prod.get(StatefulSet.class, "mongodb");
        assertThat(mongo.getSpec().getReplicas()).isEqualTo(3);
        assertThat(mongo.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .contains("--replSet=$(MONGO_REPLICA_SET)");
        assertThat(config(prod, "mongodb-config")).containsEntry("MONGO_REPLICAS", "3");
        assertThat(mongo.getSpec().getVolumeClaimTemplates()).isNotEmpty();

        StatefulSet postgres = prod.get(StatefulSet.class, "postgres");
        assertThat(postgres.getSpec().getVolumeClaimTemplates()).singleElement().satisfies(claim ->
                assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("50Gi"));
        assertThat(postgres.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
                .anyMatch(m -> m.getName().equals("data") && m.getMountPath().equals("/var/lib/postgresql/data"));
    }

    @Test
    void everyKafkaUsingServiceCreatesItsTopicsWithProdsReplicationFactor() {
        for (Rendered.BrewContainer brew : prod.brewContainers()) {
            Map<String, String> environment = ContainerEnvironment.of(prod, brew.container());
            if (!environment.containsKey("BREW_KAFKA_BOOTSTRAP_SERVERS")) {
                continue;
            }
            Set<String> replicationKeys = brew.module().settings().keySet().stream()
                    .filter(key -> key.startsWith("brew.") && key.endsWith("replication-factor"))
                    .collect(Collectors.toSet());
            assertThat(replicationKeys).as("%s", brew).allSatisfy(key -> {
                String legacy = key.replace('-', '_').replace('.', '_').toUpperCase();
                String fromPlaceholder = brew.module().settings().get(key);
                boolean set = environment.containsKey(legacy) && environment.get(legacy).equals("3")
                        || fromPlaceholder.startsWith("${") && environment.getOrDefault(
                        fromPlaceholder.substring(2, fromPlaceholder.indexOf(':')), "").equals("3");
                assertThat(set).as("%s sets %s to 3 in prod", brew, key).isTrue();
            });
        }
    }

    /**
     * A service creates its topics when it starts before the topic job (brew.kafka.* in service-defaults, ADR 0010):
     * it must give them the job's partitions and replicas, or the first to start decides.
     */
    @Test
    void servicesCreateTopicsWithTheJobsPartitionsAndReplicas() {
        Map<String, String> settingOf = Map.of("command-service", "brew.kafka.", "member-service", "brew.kafka.",
                "loyalty-service", "brew.kafka.", "query-service", "brew.kafka.");
        for (Rendered rendered : List.of(dev, prod)) {
            Map<String, String> job = config(rendered, "kafka-config");
            settingOf.forEach((service, prefix) -> {
                ServiceModule module = ServiceModule.of(service);
                Map<String, String> env = config(rendered, service + "-config");
                String variable = prefix.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
                assertThat(env.getOrDefault(variable + "PARTITIONS",
                        module.setting(prefix + "partitions").orElseThrow()))
                        .as("%s partitions", service).isEqualTo(job.get("TOPIC_PARTITIONS"));
                assertThat(env.getOrDefault(variable + "REPLICATION_FACTOR",
                        module.setting(prefix + "replication-factor").orElseThrow()))
                        .as("%s replication factor", service).isEqualTo(job.get("TOPIC_REPLICATION_FACTOR"));
            });
        }
    }

    @Test
    void theTopicJobCreatesEveryTopicTheServicesUseKeptForever() {
        Set<String> topics = new TreeSet<>();
        for (ServiceModule module : ServiceModule.deployable()) {
            module.settings().forEach((key, value) -> {
                if (value.matches("brew\\.[a-z]+-events")) {
                    topics.add(value);
                }
            });
        }
        assertThat(topics).contains("brew.order-events", "brew.member-events");
        for (Rendered rendered : List.of(dev, prod)) {
            Container job = rendered.get(Job.class, "kafka-topics").getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            String script = String.join("\n", job.getCommand());
            assertThat(script).contains("--config retention.ms=-1").contains("--if-not-exists");
            assertThat(topics).allSatisfy(topic -> assertThat(script).contains(topic));
        }
    }

    @Test
    void theDatabasesTheServicesUseAreTheOnesTheStoresCreate() throws IOException {
        String postgresInit = Files.readString(Repository.k8s().resolve("base/stores/postgres-init.sh"));
        String mongoInit = Files.readString(Repository.k8s().resolve("base/stores/mongodb-init.sh"));
        for (Rendered.BrewContainer brew : prod.brewContainers()) {
            Map<String, String> environment = ContainerEnvironment.of(prod, brew.container());
            Optional.ofNullable(environment.get("BREW_COMMAND_DB_URL")).ifPresent(url ->
                    assertThat(postgresInit).contains("CREATE DATABASE " + url.substring(url.lastIndexOf('/') + 1)));
            for (String key : List.of("BREW_QUERY_DB", "BREW_MEMBERS_MONGODB_DATABASE")) {
                Optional.ofNullable(environment.get(key)).ifPresent(database ->
                        assertThat(mongoInit).contains("ensureUser(\"" + database + "\""));
            }
        }
    }

    @Test
    void prodCarriesNoSecretValuesAndTheReadmeSaysHowToCreateEachSecret() throws IOException {
        assertThat(prod.all(Secret.class)).as("Secrets rendered by prod").isEmpty();

        String readme = Files.readString(Repository.k8s().resolve("README.md"));
        Map<String, Set<String>> referenced = secretReferences(prod);
        assertThat(referenced).containsKeys("brew-postgres", "brew-mongodb", "brew-jwt", "brew-members-seed",
                "brew-tls");
        referenced.forEach((secret, keys) -> {
            String command = shellCommand(readme, "kubectl -n " + prod.namespace() + " create secret ", secret);
            assertThat(command).as("README creates Secret %s", secret).isNotEmpty();
            assertThat(keys).as("README gives Secret %s its keys", secret).allSatisfy(key ->
                    assertThat(command).containsPattern(switch (key) {
                        case "tls.crt" -> "--cert=";
                        case "tls.key" -> "--key=";
                        default -> "--from-(literal|file)=" + Pattern.quote(key) + "=";
                    }));
        });
    }

    @Test
    void devGeneratesEverySecretItReferencesWithObviousDevelopmentValues() {
        Map<String, Set<String>> referenced = secretReferences(dev);
        referenced.forEach((secret, keys) -> assertThat(dev.secretData(secret)).as(secret).hasValueSatisfying(data ->
                assertThat(data).containsKeys(keys.toArray(String[]::new))));
        assertThat(dev.all(Secret.class)).allSatisfy(secret -> assertThat(dev.secretData(secret.getMetadata()
                .getName()).orElseThrow()).allSatisfy((key, value) -> {
                    if (key.contains("password")) {
                        assertThat(value).as(key).startsWith("dev-only-");
                    }
                }));
    }

    @Test
    void theCanaryIsASecondQueryServiceTheGatewayRoutesAShareTo() {
        Rendered.Workload canary = prod.workload("query-service-canary");
        Rendered.Workload stable = prod.workload("query-service");
        assertThat(Images.repository(canary.containers().get(0).getImage()))
                .isEqualTo(Images.repository(stable.containers().get(0).getImage()));
        assertThat(canary.labels()).containsEntry("brew.dev/track", "canary");

        Service canaryService = prod.get(Service.class, "query-service-canary");
        Service stableService = prod.get(Service.class, "query-service");
        assertThat(prod.selectedBy(canaryService.getSpec().getSelector())).containsExactly(canary);
        assertThat(prod.selectedBy(stableService.getSpec().getSelector())).containsExactly(stable);

        Rendered.BrewContainer gateway = prod.brewContainers().stream()
                .filter(c -> c.module().name().equals("api-gateway")).findFirst().orElseThrow();
        Map<String, String> environment = ContainerEnvironment.of(prod, gateway.container());
        int port = canaryService.getSpec().getPorts().get(0).getPort();
        assertThat(environment).containsEntry("BREW_QUERY_CANARY_URI", "http://query-service-canary:" + port);
        assertThat(Integer.parseInt(environment.get("BREW_QUERY_CANARY_WEIGHT"))).isBetween(0, 100);
        assertThat(ContainerEnvironment.of(dev, dev.brewContainers().stream()
                .filter(c -> c.module().name().equals("api-gateway")).findFirst().orElseThrow().container()))
                .doesNotContainKey("BREW_QUERY_CANARY_URI");
    }

    @Test
    void theUiIsNginxServingTheGitSyncCheckoutReadyOnlyOnceSynced() {
        for (Rendered rendered : List.of(dev, prod)) {
            Rendered.Workload ui = rendered.workload("ui");
            Container nginx = container(ui, "nginx");
            Container gitSync = container(ui, "git-sync");
            assertThat(gitSync.getImage()).startsWith("registry.k8s.io/git-sync/git-sync:v4.");
            String shared = ui.pod().getVolumes().stream().filter(v -> v.getEmptyDir() != null)
                    .map(Volume::getName).filter(name -> mountPath(nginx, name).isPresent()
                            && mountPath(gitSync, name).isPresent()).findFirst().orElseThrow();
            Map<String, String> sync = ContainerEnvironment.of(rendered, gitSync);
            String checkout = sync.get("GITSYNC_ROOT") + "/" + sync.get("GITSYNC_LINK");
            assertThat(mountPath(gitSync, shared)).contains(sync.get("GITSYNC_ROOT"));
            assertThat(mountPath(nginx, shared)).contains(sync.get("GITSYNC_ROOT"));
            String nginxConf = rendered.configMapData(CrossChecksTest.configMapNamed(rendered, "ui-nginx"))
                    .orElseThrow().get("nginx.conf");
            assertThat(nginxConf).contains("root " + checkout + "/ui;");
            assertThat(nginx.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/index.html");
        }
    }

    @Test
    void theIngressSendsTheApiToTheGatewayAndEverythingElseToTheUi() {
        for (Rendered rendered : List.of(dev, prod)) {
            var rule = rendered.get(Ingress.class, "brew").getSpec().getRules().get(0);
            assertThat(rule.getHttp().getPaths()).extracting(p -> p.getPath() + " -> "
                    + p.getBackend().getService().getName()).containsExactly("/api -> api-gateway", "/ -> ui");
        }
        assertThat(prod.get(Ingress.class, "brew").getSpec().getTls()).isNotEmpty();
    }

    /** The command (with its continuation lines) that starts with prefix, a type word and then this name. */
    private static String shellCommand(String text, String prefix, String name) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix) && lines.get(i).substring(prefix.length()).matches("\\w+ "
                    + Pattern.quote(name) + "( .*)?")) {
                StringBuilder command = new StringBuilder(lines.get(i));
                while (lines.get(i).endsWith("\\") && i + 1 < lines.size()) {
                    command.append('\n').append(lines.get(++i));
                }
                return command.toString();
            }
        }
        return "";
    }

    private static Container container(Rendered.Workload workload, String name) {
        return workload.containers().stream().filter(c -> c.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Optional<String> mountPath(Container container, String volume) {
        return container.getVolumeMounts().stream().filter(m -> m.getName().equals(volume))
                .map(m -> m.getMountPath()).findFirst();
    }

    private static Map<String, String> config(Rendered rendered, String generatorName) {
        return rendered.configMapData(CrossChecksTest.configMapNamed(rendered, generatorName)).orElseThrow();
    }

    private static List<String> kafkaVoters(Rendered rendered) {
        return List.of(config(rendered, "kafka-config").get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","));
    }

    /** Secret name -> the keys the manifests read from it (a whole-Secret volume reads the keys the app expects). */
    private static Map<String, Set<String>> secretReferences(Rendered rendered) {
        Map<String, Set<String>> references = new java.util.TreeMap<>();
        for (Rendered.Workload workload : rendered.workloads()) {
            for (Container container : workload.allContainers()) {
                Optional.ofNullable(container.getEnv()).orElse(List.of()).stream()
                        .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
                        .forEach(e -> references.computeIfAbsent(e.getValueFrom().getSecretKeyRef().getName(),
                                k -> new TreeSet<>()).add(e.getValueFrom().getSecretKeyRef().getKey()));
            }
            for (Volume volume : Optional.ofNullable(workload.pod().getVolumes()).orElse(List.of())) {
                if (volume.getSecret() != null) {
                    Set<String> keys = references.computeIfAbsent(volume.getSecret().getSecretName(),
                            k -> new TreeSet<>());
                    if (volume.getSecret().getItems() != null) {
                        volume.getSecret().getItems().forEach(item -> keys.add(item.getKey()));
                    } else if (volume.getName().equals("jwt-keys")) {
                        // member-service's key directory: the file names SigningKeys reads.
                        keys.addAll(List.of("jwt-private.pem", "jwt-public.pem"));
                    }
                }
            }
        }
        rendered.all(Ingress.class).forEach(ingress -> Optional.ofNullable(ingress.getSpec().getTls())
                .orElse(List.of()).forEach(tls -> references.computeIfAbsent(tls.getSecretName(),
                        k -> new TreeSet<>()).addAll(List.of("tls.crt", "tls.key"))));
        return references;
    }
}
