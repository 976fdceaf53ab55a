package dev.brew.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rendered manifests against the services' own files: ports, probes, settings, images, and against each other:
 * selectors, references, autoscalers and disruption budgets. Every expectation about a service is read from that
 * service's application.yml, pom and Dockerfile, so the checks follow the services as they change.
 */
class CrossChecksTest {

    /** An address in a setting: the host and port after "//", "@" or a comma, or a whole "host:port" value. */
    private static final Pattern ADDRESS = Pattern.compile("(?:^|//|@|,)([A-Za-z0-9][A-Za-z0-9.\\-]*):(\\d{1,5})");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceSelectsPodsThatExistOnAPortTheyDeclare(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);

        assertThat(rendered.services()).allSatisfy(service -> {
            Map<String, String> selector = service.getSpec().getSelector();
            List<Rendered.Workload> selected = rendered.selectedBy(selector);
            assertThat(selected).as("pods selected by Service %s (%s)", name(service), selector).isNotEmpty();
            for (ServicePort port : service.getSpec().getPorts()) {
                IntOrString target = port.getTargetPort() != null ? port.getTargetPort()
                        : new IntOrString(port.getPort());
                for (Rendered.Workload workload : selected) {
                    assertThat(containerPort(workload, target))
                            .as("Service %s port %s: target %s declared by %s", name(service), port.getName(),
                                    target.getValue(), workload)
                            .isPresent();
                }
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void brewServicesProbeTheirActuatorHealthGroupsOnThePortTheyListenOn(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);

        assertThat(rendered.brewContainers()).isNotEmpty().allSatisfy(brew -> {
            ServiceModule module = brew.module();
            Map<String, String> settings = module.settings();
            assertThat(settings.get("management.endpoint.health.probes.enabled")).as("%s: probes enabled", module)
                    .isEqualTo("true");
            Map<String, String> environment = ContainerEnvironment.of(rendered, brew.container());
            int appPort = module.port(environment);
            int actuatorPort = module.managementPort(environment);
            String actuator = settings.getOrDefault("management.endpoints.web.base-path", "/actuator");

            assertThat(brew.container().getPorts()).as("%s declares the port the app listens on", brew)
                    .extracting(ContainerPort::getContainerPort).contains(appPort);
            expectProbe(brew, "startup", brew.container().getStartupProbe(), actuator + "/health/liveness",
                    actuatorPort);
            expectProbe(brew, "liveness", brew.container().getLivenessProbe(), actuator + "/health/liveness",
                    actuatorPort);
            expectProbe(brew, "readiness", brew.container().getReadinessProbe(), actuator + "/health/readiness",
                    actuatorPort);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void prometheusScrapesEveryBrewServiceWhereItServesMetrics(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);

        assertThat(rendered.brewContainers()).allSatisfy(brew -> {
            Map<String, String> settings = brew.module().settings();
            assertThat(settings.get("management.endpoints.web.exposure.include")).as("%s exposes prometheus", brew)
                    .contains("prometheus");
            Map<String, String> annotations = brew.workload().annotations();
            String actuator = settings.getOrDefault("management.endpoints.web.base-path", "/actuator");
            int port = brew.module().managementPort(ContainerEnvironment.of(rendered, brew.container()));
            assertThat(annotations).as("%s scrape annotations", brew)
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", actuator + "/prometheus")
                    .containsEntry("prometheus.io/port", String.valueOf(port));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyEnvironmentVariableSetOnAServiceIsASettingItReads(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> unread = new ArrayList<>();

        for (Rendered.BrewContainer brew : rendered.brewContainers()) {
            ContainerEnvironment.of(rendered, brew.container()).keySet().stream()
                    .filter(variable -> !brew.module().reads(variable))
                    .forEach(variable -> unread.add(brew + ": " + variable));
        }

        assertThat(unread).as("variables no ${NAME} placeholder, relaxed property name or JVM option reads")
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyAddressInTheServicesSettingsIsARenderedServicePort(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> problems = new ArrayList<>();

        for (Rendered.BrewContainer brew : rendered.brewContainers()) {
            ContainerEnvironment.of(rendered, brew.container()).forEach((variable, value) -> {
                Matcher m = ADDRESS.matcher(value);
                while (m.find()) {
                    checkAddress(rendered, m.group(1), Integer.parseInt(m.group(2)))
                            .ifPresent(problem -> problems.add(brew + " " + variable + "=" + value + ": " + problem));
                }
            });
        }
        rendered.configMapData(configMapNamed(rendered, "kafka-config")).orElseThrow()
                .get("KAFKA_CONTROLLER_QUORUM_VOTERS").lines().flatMap(v -> List.of(v.split(",")).stream())
                .forEach(voter -> {
                    Matcher m = ADDRESS.matcher(voter.substring(voter.indexOf('@') + 1));
                    assertThat(m.find()).as(voter).isTrue();
                    checkAddress(rendered, m.group(1), Integer.parseInt(m.group(2)))
                            .ifPresent(problem -> problems.add("Kafka voter " + voter + ": " + problem));
                });

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyReferencedConfigMapAndSecretKeyExists(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);
        List<String> missing = new ArrayList<>();

        for (Rendered.Workload workload : rendered.workloads()) {
            for (Container container : workload.allContainers()) {
                for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                    var from = variable.getValueFrom();
                    if (from != null && from.getConfigMapKeyRef() != null) {
                        String name = from.getConfigMapKeyRef().getName();
                        if (!rendered.configMapData(name).map(d -> d.containsKey(from.getConfigMapKeyRef().getKey()))
                                .orElse(false)) {
                            missing.add(workload + " " + variable.getName() + " -> ConfigMap " + name);
                        }
                    }
                    if (from != null && from.getSecretKeyRef() != null && !rendered.isProd()) {
                        String name = from.getSecretKeyRef().getName();
                        if (!rendered.secretData(name).map(d -> d.containsKey(from.getSecretKeyRef().getKey()))
                                .orElse(false)) {
                            missing.add(workload + " " + variable.getName() + " -> Secret " + name);
                        }
                    }
                }
            }
            for (Volume volume : Optional.ofNullable(workload.pod().getVolumes()).orElse(List.of())) {
                if (volume.getConfigMap() != null && rendered.configMapData(volume.getConfigMap().getName()).isEmpty()) {
                    missing.add(workload + " volume " + volume.getName() + " -> ConfigMap "
                            + volume.getConfigMap().getName());
                }
                if (volume.getSecret() != null && !rendered.isProd()
                        && rendered.secretData(volume.getSecret().getSecretName()).isEmpty()) {
                    missing.add(workload + " volume " + volume.getName() + " -> Secret "
                            + volume.getSecret().getSecretName());
                }
            }
        }

        assertThat(missing).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyImageIsPinnedAndEveryBrewImageIsAModule(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);

        assertThat(rendered.workloads()).allSatisfy(workload -> assertThat(workload.allContainers())
                .allSatisfy(container -> {
                    assertThat(Images.isPinned(container.getImage()))
                            .as("%s/%s image %s is pinned to a version", workload, container.getName(),
                                    container.getImage())
                            .isTrue();
                    if (container.getImage().startsWith(Images.BREW_PREFIX)) {
                        assertThat(Images.module(container.getImage()).name())
                                .isEqualTo(Images.repository(container.getImage()).substring(5));
                    }
                }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerMeetsTheRestrictedPodSecurityStandard(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);

        assertThat(rendered.workloads()).allSatisfy(workload -> {
            PodSecurityContext pod = Optional.ofNullable(workload.pod().getSecurityContext())
                    .orElse(new PodSecurityContext());
            assertThat(workload.pod().getHostNetwork()).as("%s hostNetwork", workload).isNotEqualTo(Boolean.TRUE);
            assertThat(workload.pod().getHostPID()).as("%s hostPID", workload).isNotEqualTo(Boolean.TRUE);
            assertThat(Optional.ofNullable(workload.pod().getVolumes()).orElse(List.of()))
                    .as("%s hostPath volumes", workload).noneMatch(v -> v.getHostPath() != null);
            assertThat(workload.pod().getAutomountServiceAccountToken()).as("%s mounts no API token", workload)
                    .isFalse();
            assertThat(workload.allContainers()).allSatisfy(container -> {
                SecurityContext c = Optional.ofNullable(container.getSecurityContext()).orElse(new SecurityContext());
                String what = workload + "/" + container.getName();
                assertThat(firstNonNull(c.getRunAsNonRoot(), pod.getRunAsNonRoot())).as("%s runAsNonRoot", what)
                        .isTrue();
                String seccomp = c.getSeccompProfile() != null ? c.getSeccompProfile().getType()
                        : pod.getSeccompProfile() != null ? pod.getSeccompProfile().getType() : null;
                assertThat(seccomp).as("%s seccomp", what).isEqualTo("RuntimeDefault");
                assertThat(c.getAllowPrivilegeEscalation()).as("%s allowPrivilegeEscalation", what).isFalse();
                assertThat(c.getPrivileged()).as("%s privileged", what).isNotEqualTo(Boolean.TRUE);
                assertThat(c.getCapabilities()).as("%s capabilities", what).isNotNull();
                assertThat(c.getCapabilities().getDrop()).as("%s drops all capabilities", what).contains("ALL");
                assertThat(c.getCapabilities().getAdd()).as("%s adds no capability", what).isNullOrEmpty();
            });
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void brewServicesRunAsTheirImagesUserWithAReadOnlyRootAndAWritableTmp(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);

        assertThat(rendered.brewContainers()).allSatisfy(brew -> {
            SecurityContext container = brew.container().getSecurityContext();
            PodSecurityContext pod = brew.workload().pod().getSecurityContext();
            assertThat(container.getReadOnlyRootFilesystem()).as("%s read-only root", brew).isTrue();
            Long uid = firstNonNull(container.getRunAsUser(), pod.getRunAsUser());
            assertThat(uid).as("%s runs as the Dockerfile's USER", brew)
                    .isEqualTo(DockerfileTest.userId(brew.module().dockerfile()));
            String tmpVolume = brew.container().getVolumeMounts().stream()
                    .filter(m -> m.getMountPath().equals("/tmp")).map(m -> m.getName()).findFirst()
                    .orElseThrow(() -> new AssertionError(brew + " has no volume at /tmp"));
            assertThat(brew.workload().pod().getVolumes()).as("%s /tmp is an emptyDir", brew)
                    .anyMatch(v -> v.getName().equals(tmpVolume) && v.getEmptyDir() != null);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerRequestsCpuAndMemoryAndHasAMemoryLimit(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);

        assertThat(rendered.workloads()).allSatisfy(workload -> assertThat(workload.allContainers())
                .allSatisfy(container -> {
                    var resources = container.getResources();
                    String what = workload + "/" + container.getName();
                    assertThat(resources).as(what).isNotNull();
                    assertThat(resources.getRequests()).as("%s requests", what).containsKeys("cpu", "memory");
                    assertThat(resources.getLimits()).as("%s limits", what).containsKey("memory");
                }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void autoscalersAndDisruptionBudgetsTargetWorkloadsThatExist(String overlay) {
        Rendered rendered = Rendered.overlay(overlay);

        assertThat(rendered.all(HorizontalPodAutoscaler.class)).allSatisfy(hpa -> {
            var target = hpa.getSpec().getScaleTargetRef();
            Rendered.Workload workload = rendered.workload(target.getName());
            assertThat(workload.kind()).isEqualTo(target.getKind());
            assertThat(hpa.getSpec().getMinReplicas()).as("HPA %s minimum", name(hpa)).isGreaterThanOrEqualTo(2);
            assertThat(workload.replicaCount()).as("%s starts within its HPA's range", workload)
                    .isBetween(hpa.getSpec().getMinReplicas(), hpa.getSpec().getMaxReplicas());
        });
        assertThat(rendered.all(PodDisruptionBudget.class)).allSatisfy(pdb -> {
            List<Rendered.Workload> selected = rendered.workloads().stream()
                    .filter(w -> Rendered.matches(pdb.getSpec().getSelector(), w.labels())).toList();
            assertThat(selected).as("PDB %s selects exactly one workload", name(pdb)).hasSize(1);
            assertThat(selected.get(0).replicaCount()).as("PDB %s: %s can lose a pod", name(pdb), selected.get(0))
                    .isGreaterThanOrEqualTo(2);
        });
    }

    private static void expectProbe(Rendered.BrewContainer brew, String kind, Probe probe, String path, int port) {
        assertThat(probe).as("%s %s probe", brew, kind).isNotNull();
        assertThat(probe.getHttpGet()).as("%s %s probe is an HTTP GET", brew, kind).isNotNull();
        assertThat(probe.getHttpGet().getPath()).as("%s %s probe path", brew, kind).isEqualTo(path);
        assertThat(containerPort(brew.workload(), probe.getHttpGet().getPort()).map(ContainerPort::getContainerPort))
                .as("%s %s probe port", brew, kind).contains(port);
    }

    static Optional<ContainerPort> containerPort(Rendered.Workload workload, IntOrString port) {
        return workload.containers().stream()
                .flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.of()).stream())
                .filter(p -> port.getStrVal() != null ? port.getStrVal().equals(p.getName())
                        : Objects.equals(port.getIntVal(), p.getContainerPort()))
                .findFirst();
    }

    /** Empty if host:port is a rendered Service's port (or a StatefulSet pod's name under its headless Service). */
    private static Optional<String> checkAddress(Rendered rendered, String host, int port) {
        String[] labels = host.split("\\.");
        String serviceName = labels[0];
        String pod = null;
        if (labels.length >= 2 && rendered.find(Service.class, labels[1]).isPresent()) {
            pod = labels[0];
            serviceName = labels[1];
        }
        Optional<Service> service = rendered.find(Service.class, serviceName);
        if (service.isEmpty()) {
            return Optional.of("no Service named " + serviceName);
        }
        if (service.get().getSpec().getPorts().stream().noneMatch(p -> p.getPort() == port)) {
            return Optional.of("Service " + serviceName + " has no port " + port);
        }
        if (pod != null) {
            String owner = serviceName;
            Optional<StatefulSet> set = rendered.all(StatefulSet.class).stream()
                    .filter(s -> owner.equals(s.getSpec().getServiceName())).findFirst();
            if (set.isEmpty()) {
                return Optional.of(pod + ": no StatefulSet governed by " + serviceName);
            }
            String prefix = set.get().getMetadata().getName() + "-";
            if (!pod.startsWith(prefix)
                    || Integer.parseInt(pod.substring(prefix.length())) >= set.get().getSpec().getReplicas()) {
                return Optional.of(pod + " is not a pod of " + set.get().getMetadata().getName() + " ("
                        + set.get().getSpec().getReplicas() + " replicas)");
            }
        }
        return Optional.empty();
    }

    static String configMapNamed(Rendered rendered, String generatorName) {
        return rendered.all(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .map(cm -> cm.getMetadata().getName())
                .filter(name -> name.matches(Pattern.quote(generatorName) + "-[a-z0-9]{10}"))
                .findFirst().orElseThrow(() -> new AssertionError("No ConfigMap generated as " + generatorName));
    }

    private static String name(io.fabric8.kubernetes.api.model.HasMetadata object) {
        return object.getMetadata().getName();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
