package com.clientele.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.clientele.deploy.ManifestChecker.Document;
import com.clientele.deploy.ManifestChecker.Problem;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * Renders each kustomize overlay under deploy/overlays with {@code kubectl kustomize}, parses every object into the
 * fabric8 model (failing on any field the model does not know) and checks the rules of the deployment.
 */
class KubernetesManifestsTest {

    private static final String CLUSTER = "clientele-db";
    private static final String DB_SECRET = CLUSTER + "-app";
    private static final String OPERATOR_NAMESPACE = "cnpg-system";
    private static final Pattern SECRET_LIKE_NAME = Pattern.compile(
            "(?i).*(PASSWORD|PASSWD|PWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY|API_KEY).*");

    /** One rendered overlay. */
    record Rendered(String overlay, List<Document> documents) {

        <T> List<T> all(Class<T> type) {
            return documents.stream().map(Document::object).filter(type::isInstance).map(type::cast).toList();
        }

        <T> T one(Class<T> type) {
            List<T> found = all(type);
            assertEquals(1, found.size(), overlay + ": expected exactly one " + type.getSimpleName() + ", found " + found.size());
            return found.get(0);
        }

        List<Document> ofKind(String apiVersion, String kind) {
            return documents.stream()
                    .filter(d -> apiVersion.equals(d.object().getApiVersion()) && kind.equals(d.kind()))
                    .toList();
        }

        Deployment deployment() {
            return one(Deployment.class);
        }

        JsonNode cluster() {
            List<Document> clusters = ofKind("postgresql.cnpg.io/v1", "Cluster");
            assertEquals(1, clusters.size(), overlay + ": expected one CloudNativePG Cluster");
            return clusters.get(0).raw();
        }

        String namespace() {
            return one(Namespace.class).getMetadata().getName();
        }
    }

    private static final Map<String, Rendered> RENDERED = new ConcurrentHashMap<>();

    static Stream<String> overlays() throws IOException {
        try (Stream<Path> dirs = Files.list(Kustomize.repoRoot().resolve("deploy/overlays"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    /** Builds and parses an overlay once per test run; any unknown field or unknown kind fails here. */
    static Rendered render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> {
            String yaml = Kustomize.build(o);
            List<Problem> problems = new ArrayList<>();
            List<Document> documents = ManifestChecker.parse(yaml, problems);
            if (!problems.isEmpty()) {
                fail("deploy/overlays/" + o + " has objects or fields the Kubernetes model does not know:\n  "
                        + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
            }
            assertFalse(documents.isEmpty(), o + " rendered no objects");
            return new Rendered(o, documents);
        });
    }

    @Test
    void devAndProdOverlaysExist() throws IOException {
        assertTrue(overlays().toList().containsAll(List.of("dev", "prod")), "overlays found: " + overlays().toList());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectParsesWithoutUnknownFields(String overlay) {
        Rendered rendered = render(overlay);
        Set<String> kinds = rendered.documents().stream().map(Document::kind).collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of("Namespace", "Deployment", "Service", "ConfigMap", "Ingress",
                "HorizontalPodAutoscaler", "NetworkPolicy", "Cluster")), overlay + " kinds: " + kinds);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void namespacedObjectsLiveInTheOverlayNamespace(String overlay) {
        Rendered rendered = render(overlay);
        String namespace = rendered.namespace();
        for (Document d : rendered.documents()) {
            if (!(d.object() instanceof Namespace)) {
                assertEquals(namespace, d.object().getMetadata().getNamespace(), overlay + " " + d.label());
            }
        }
        assertEquals("restricted",
                rendered.one(Namespace.class).getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"),
                overlay + ": the namespace should enforce the restricted Pod Security Standard");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasTheThreeHealthProbes(String overlay) {
        for (Container c : containers(render(overlay))) {
            assertProbe(overlay, c, "livenessProbe", c.getLivenessProbe(), "/q/health/live");
            assertProbe(overlay, c, "readinessProbe", c.getReadinessProbe(), "/q/health/ready");
            assertProbe(overlay, c, "startupProbe", c.getStartupProbe(), "/q/health/started");
        }
    }

    private static void assertProbe(String overlay, Container c, String which, Probe probe, String path) {
        String where = overlay + " container " + c.getName() + " " + which;
        assertNotNull(probe, where + " is missing");
        HTTPGetAction get = probe.getHttpGet();
        assertNotNull(get, where + " must be an HTTP GET");
        assertEquals(path, get.getPath(), where);
        assertEquals(8080, containerPort(c, get.getPort()), where + " must target the HTTP port 8080");
    }

    private static int containerPort(Container c, IntOrString port) {
        assertNotNull(port, "container " + c.getName() + ": port missing");
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseGet(() -> fail("container " + c.getName() + " has no port named " + port.getStrVal()));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noSecretValuesInTheManifests(String overlay) {
        Rendered rendered = render(overlay);
        for (Document d : rendered.documents()) {
            if (d.kind().equals("Secret")) {
                assertTrue(d.raw().path("data").isMissingNode() && d.raw().path("stringData").isMissingNode(),
                        overlay + " " + d.label() + " carries secret data in the manifest");
            }
        }
        for (ConfigMap cm : rendered.all(ConfigMap.class)) {
            for (String key : Objects.requireNonNullElse(cm.getData(), Map.<String, String> of()).keySet()) {
                assertFalse(SECRET_LIKE_NAME.matcher(key).matches(),
                        overlay + " ConfigMap " + cm.getMetadata().getName() + " holds " + key + ": use a Secret");
            }
        }
        for (Container c : containers(rendered)) {
            for (EnvVar env : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar> of())) {
                if (SECRET_LIKE_NAME.matcher(env.getName()).matches()) {
                    assertTrue(env.getValue() == null, overlay + " env " + env.getName() + " has a literal value");
                    assertNotNull(env.getValueFrom() == null ? null : env.getValueFrom().getSecretKeyRef(),
                            overlay + " env " + env.getName() + " must come from a secretKeyRef");
                }
                if (env.getValue() != null) {
                    assertFalse(env.getValue().matches("(?i)^[a-z][a-z0-9+.-]*://[^/$]*@.*"),
                            overlay + " env " + env.getName() + " has credentials in a URL");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void tokensAreVerifiedWithAKeyFromASecretAndAuthenticationStaysOn(String overlay) {
        Rendered rendered = render(overlay);
        Container app = appContainer(rendered);
        EnvVar key = app.getEnv().stream().filter(e -> e.getName().equals("CLIENTELE_JWT_SECRET")).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": CLIENTELE_JWT_SECRET missing"));
        SecretKeySelector ref = key.getValueFrom().getSecretKeyRef();
        assertEquals("clientele-jwt", ref.getName(), overlay);
        assertEquals("secret", ref.getKey(), overlay);
        assertNotEquals(Boolean.TRUE, ref.getOptional(), overlay + ": a pod without the key must not start");
        for (ConfigMap cm : rendered.all(ConfigMap.class)) {
            assertNotEquals("false", Objects.requireNonNullElse(cm.getData(), Map.<String, String> of())
                    .get("CLIENTELE_AUTH_ENABLED"), overlay + ": authentication switched off");
        }
        assertTrue(app.getEnv().stream().noneMatch(e -> e.getName().equals("CLIENTELE_AUTH_ENABLED")),
                overlay + ": authentication is not to be configured in the Deployment");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void aTerminatingPodDrainsItsRequestsWithinTheGracePeriod(String overlay) {
        Rendered rendered = render(overlay);
        Container app = appContainer(rendered);
        int preStop = app.getLifecycle().getPreStop().getSleep().getSeconds().intValue();
        String drain = rendered.all(ConfigMap.class).stream()
                .map(cm -> Objects.requireNonNullElse(cm.getData(), Map.<String, String> of()).get("CLIENTELE_SHUTDOWN_TIMEOUT"))
                .filter(Objects::nonNull).findFirst().orElse("30s");
        long grace = rendered.deployment().getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertTrue(preStop > 0, overlay + ": the pod should leave the endpoints before SIGTERM");
        assertTrue(preStop + Long.parseLong(drain.replace("s", "")) <= grace,
                overlay + ": preStop " + preStop + " s + drain " + drain + " exceed the grace period of " + grace + " s");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void databaseSettingsComeFromTheOperatorSecret(String overlay) {
        Rendered rendered = render(overlay);
        Container app = appContainer(rendered);
        List<EnvVar> env = app.getEnv();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < env.size(); i++) {
            position.put(env.get(i).getName(), i);
        }
        Map<String, String> keys = Map.of("DB_HOST", "host", "DB_PORT", "port", "DB_NAME", "dbname",
                "DB_USER", "username", "DB_PASSWORD", "password");
        keys.forEach((name, key) -> {
            assertTrue(position.containsKey(name), overlay + ": env " + name + " missing");
            SecretKeySelector ref = env.get(position.get(name)).getValueFrom().getSecretKeyRef();
            assertEquals(DB_SECRET, ref.getName(), overlay + " " + name);
            assertEquals(key, ref.getKey(), overlay + " " + name);
        });
        EnvVar url = env.get(Objects.requireNonNull(position.get("DB_URL"), overlay + ": DB_URL missing"));
        assertEquals("postgresql://$(DB_HOST):$(DB_PORT)/$(DB_NAME)", url.getValue(), overlay);
        for (String dependency : List.of("DB_HOST", "DB_PORT", "DB_NAME")) {
            assertTrue(position.get(dependency) < position.get("DB_URL"),
                    overlay + ": " + dependency + " must come before DB_URL, or $(" + dependency + ") is not expanded");
        }
        assertEquals("8080", env.get(position.get("PORT")).getValue(), overlay + ": PORT");

        List<EnvFromSource> envFrom = app.getEnvFrom();
        assertEquals(1, envFrom.size(), overlay + ": one envFrom (the ConfigMap)");
        String configMap = envFrom.get(0).getConfigMapRef().getName();
        assertTrue(rendered.all(ConfigMap.class).stream().anyMatch(cm -> cm.getMetadata().getName().equals(configMap)),
                overlay + ": envFrom names ConfigMap " + configMap + " which the overlay does not contain");

        assertEquals(Boolean.FALSE, rendered.deployment().getSpec().getTemplate().getSpec().getEnableServiceLinks(),
                overlay + ": service links would inject CLIENTELE_* variables that Quarkus reads as configuration");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void podsRunLockedDown(String overlay) {
        Rendered rendered = render(overlay);
        PodSpec pod = rendered.deployment().getSpec().getTemplate().getSpec();
        PodSecurityContext podContext = Objects.requireNonNull(pod.getSecurityContext(), overlay + ": pod securityContext");
        assertEquals(Boolean.TRUE, podContext.getRunAsNonRoot(), overlay + ": pod runAsNonRoot");
        assertEquals("RuntimeDefault", podContext.getSeccompProfile().getType(), overlay + ": pod seccompProfile");
        assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), overlay + ": automountServiceAccountToken");

        for (Container c : pod.getContainers()) {
            String where = overlay + " container " + c.getName();
            SecurityContext sc = Objects.requireNonNull(c.getSecurityContext(), where + " securityContext");
            assertEquals(Boolean.TRUE, sc.getRunAsNonRoot(), where + " runAsNonRoot");
            assertEquals(1001L, sc.getRunAsUser(), where + " runAsUser");
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), where + " readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where + " allowPrivilegeEscalation");
            assertTrue(sc.getPrivileged() == null || !sc.getPrivileged(), where + " privileged");
            Capabilities caps = Objects.requireNonNull(sc.getCapabilities(), where + " capabilities");
            assertEquals(List.of("ALL"), caps.getDrop(), where + " capabilities.drop");
            assertTrue(caps.getAdd() == null || caps.getAdd().isEmpty(), where + " capabilities.add");
            assertEquals("RuntimeDefault", sc.getSeccompProfile().getType(), where + " seccompProfile");

            VolumeMount tmp = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst()
                    .orElseGet(() -> fail(where + ": /tmp must be a writable volume"));
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst()
                    .orElseGet(() -> fail(where + ": no volume " + tmp.getName()));
            assertNotNull(volume.getEmptyDir(), where + ": /tmp must be an emptyDir");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasRequestsAndLimits(String overlay) {
        for (Container c : containers(render(overlay))) {
            assertRequestsWithinLimits(overlay + " container " + c.getName(), c.getResources());
        }
        assertRequestsWithinLimits(overlay + " Cluster " + CLUSTER,
                ManifestChecker.convert(render(overlay).cluster().path("spec").path("resources"), ResourceRequirements.class));
    }

    /**
     * The native executable's heap is set with -Xmx (without it the heap may grow to 80 % of the container's
     * limit) and takes at most half the memory limit: the rest is the executable's own memory (image heap,
     * code, thread stacks, direct buffers), deploy/README.md "Memory". Raising one without the other fails here.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theHeapFitsInHalfTheMemoryLimit(String overlay) {
        Container app = appContainer(render(overlay));
        List<String> heap = app.getArgs() == null ? List.of()
                : app.getArgs().stream().filter(a -> a.startsWith("-Xmx")).toList();
        assertEquals(1, heap.size(), overlay + ": the container's args must set the heap once with -Xmx: " + app.getArgs());
        BigDecimal xmx = new Quantity(heap.get(0).substring("-Xmx".length()).toUpperCase(Locale.ROOT).replaceAll("([KMG])$", "$1i"))
                .getNumericalAmount();
        BigDecimal limit = app.getResources().getLimits().get("memory").getNumericalAmount();
        assertTrue(xmx.multiply(BigDecimal.valueOf(2)).compareTo(limit) <= 0,
                overlay + ": " + heap.get(0) + " is more than half the memory limit " + app.getResources().getLimits().get("memory"));
    }

    private static void assertRequestsWithinLimits(String where, ResourceRequirements resources) {
        assertNotNull(resources, where + ": resources");
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = resources.getRequests() == null ? null : resources.getRequests().get(resource);
            Quantity limit = resources.getLimits() == null ? null : resources.getLimits().get(resource);
            assertNotNull(request, where + ": requests." + resource);
            assertNotNull(limit, where + ": limits." + resource);
            assertTrue(request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0,
                    where + ": requests." + resource + " " + request + " exceeds limits " + limit);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void serviceIngressAndAutoscalerPointAtTheDeployment(String overlay) {
        Rendered rendered = render(overlay);
        Deployment deployment = rendered.deployment();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(matches(deployment.getSpec().getSelector(), podLabels), overlay + ": Deployment selector");

        Service service = rendered.one(Service.class);
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()),
                overlay + ": Service selector does not match the pods");
        ServicePort http = service.getSpec().getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst()
                .orElseGet(() -> fail(overlay + ": Service needs a port named http"));
        assertEquals(8080, containerPort(appContainer(rendered), http.getTargetPort()), overlay + ": Service targetPort");

        Ingress ingress = rendered.one(Ingress.class);
        ingress.getSpec().getRules().forEach(rule -> rule.getHttp().getPaths().forEach(path -> {
            assertEquals(service.getMetadata().getName(), path.getBackend().getService().getName(), overlay + " Ingress");
            assertEquals("http", path.getBackend().getService().getPort().getName(), overlay + " Ingress port");
        }));
        assertTrue(ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream())
                .anyMatch(p -> "/graphql".startsWith(p.getPath())), overlay + ": Ingress must route /graphql");

        HorizontalPodAutoscaler hpa = rendered.one(HorizontalPodAutoscaler.class);
        assertEquals("autoscaling/v2", hpa.getApiVersion());
        assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind(), overlay + " HPA target");
        assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName(), overlay + " HPA target");
        assertTrue(hpa.getSpec().getMinReplicas() >= 1 && hpa.getSpec().getMaxReplicas() >= hpa.getSpec().getMinReplicas(),
                overlay + ": HPA min/max");
        assertTrue(deployment.getSpec().getReplicas() >= hpa.getSpec().getMinReplicas(),
                overlay + ": Deployment replicas below HPA minReplicas");

        for (PodDisruptionBudget pdb : rendered.all(PodDisruptionBudget.class)) {
            assertEquals(new IntOrString(1), pdb.getSpec().getMinAvailable(), overlay + ": PDB minAvailable");
            assertTrue(matches(pdb.getSpec().getSelector(), podLabels), overlay + ": PDB selector does not match the pods");
            assertTrue(hpa.getSpec().getMinReplicas() >= 2,
                    overlay + ": a PDB with minAvailable 1 over fewer than 2 replicas blocks every node drain");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void databaseIsACloudNativePgCluster(String overlay) {
        JsonNode spec = render(overlay).cluster().path("spec");
        assertEquals("clientele", spec.path("bootstrap").path("initdb").path("database").asText(), overlay);
        assertEquals("clientele", spec.path("bootstrap").path("initdb").path("owner").asText(), overlay);
        assertTrue(spec.path("storage").path("size").isTextual(), overlay + ": Cluster storage.size");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheServiceReachesTheDatabase(String overlay) {
        Rendered rendered = render(overlay);
        String ns = rendered.namespace();
        Map<String, String> appPod = rendered.deployment().getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> dbPod = Map.of("cnpg.io/cluster", CLUSTER, "cnpg.io/instanceRole", "primary");
        Map<String, String> nsLabels = Map.of("kubernetes.io/metadata.name", ns);
        Map<String, String> otherNs = Map.of("kubernetes.io/metadata.name", "somewhere-else");
        Map<String, String> operatorNs = Map.of("kubernetes.io/metadata.name", OPERATOR_NAMESPACE);
        Map<String, String> operatorPod = Map.of("app.kubernetes.io/name", "cloudnative-pg");
        List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class);

        assertTrue(policies.stream().anyMatch(p -> selectsForIngress(p, dbPod)),
                overlay + ": no NetworkPolicy selects the database pods");
        assertTrue(allowed(policies, dbPod, ns, appPod, nsLabels, 5432), overlay + ": the service cannot reach the database");
        assertFalse(allowed(policies, dbPod, ns, Map.of("app", "intruder"), nsLabels, 5432),
                overlay + ": another pod of the namespace can reach the database");
        assertFalse(allowed(policies, dbPod, ns, Map.of(), nsLabels, 5432),
                overlay + ": an unlabelled pod can reach the database");
        assertFalse(allowed(policies, dbPod, ns, appPod, otherNs, 5432),
                overlay + ": a look-alike pod of another namespace can reach the database");
        assertFalse(allowed(policies, dbPod, ns, appPod, nsLabels, 5433), overlay + ": only 5432 should be open to the app");
        // Required by CloudNativePG: replication between instances and the operator's status checks.
        assertTrue(allowed(policies, dbPod, ns, Map.of("cnpg.io/cluster", CLUSTER), nsLabels, 5432),
                overlay + ": the instances must reach each other for streaming replication");
        assertTrue(allowed(policies, dbPod, ns, operatorPod, operatorNs, 8000), overlay + ": the operator must reach port 8000");

        for (NetworkPolicy policy : policies) {
            if (!selectsForIngress(policy, dbPod)) {
                continue;
            }
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(),
                        overlay + " " + policy.getMetadata().getName() + ": a rule without 'from' opens the database to all");
                for (NetworkPolicyPeer peer : rule.getFrom()) {
                    assertTrue(peer.getIpBlock() == null, overlay + ": no ipBlock may reach the database");
                    assertTrue(peer.getPodSelector() != null && !peer.getPodSelector().getMatchLabels().isEmpty(),
                            overlay + ": every peer of the database must name its pods");
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theServiceAcceptsOnlyHttp(String overlay) {
        Rendered rendered = render(overlay);
        Map<String, String> appPod = rendered.deployment().getSpec().getTemplate().getMetadata().getLabels();
        List<NetworkPolicy> policies = rendered.all(NetworkPolicy.class);
        String ns = rendered.namespace();
        Map<String, String> anyNs = Map.of("kubernetes.io/metadata.name", "ingress-nginx");
        assertTrue(allowed(policies, appPod, ns, Map.of("app", "ingress-controller"), anyNs, 8080),
                overlay + ": the ingress controller must reach the service on 8080");
        assertFalse(allowed(policies, appPod, ns, Map.of("app", "anything"), anyNs, 9000),
                overlay + ": ports other than 8080 should be closed");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void imagesArePinned(String overlay) {
        for (Container c : containers(render(overlay))) {
            String image = c.getImage();
            int slash = image.lastIndexOf('/');
            assertTrue(image.contains("@sha256:") || image.substring(slash + 1).contains(":"),
                    overlay + ": image " + image + " has no tag");
            if (overlay.equals("prod")) {
                assertFalse(image.endsWith(":latest"), "prod must not run :latest");
            }
        }
    }

    // --- per-overlay expectations --------------------------------------------------------------------------------

    @Test
    void devRunsOneDatabaseInstanceAndIsScrapedThroughAnnotations() {
        Rendered dev = render("dev");
        assertEquals(1, dev.cluster().path("spec").path("instances").asInt(), "dev Cluster instances");
        Map<String, String> annotations = dev.deployment().getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
        assertEquals("8080", annotations.get("prometheus.io/port"));
        assertTrue(dev.all(ServiceMonitor.class).isEmpty(), "dev has no Prometheus Operator");
    }

    @Test
    void prodIsHighlyAvailable() {
        Rendered prod = render("prod");
        assertTrue(prod.deployment().getSpec().getReplicas() >= 2, "prod replicas");
        HorizontalPodAutoscaler hpa = prod.one(HorizontalPodAutoscaler.class);
        assertTrue(hpa.getSpec().getMinReplicas() >= 2, "prod HPA minReplicas");
        PodDisruptionBudget pdb = prod.one(PodDisruptionBudget.class);
        assertEquals(new IntOrString(1), pdb.getSpec().getMinAvailable(), "prod PDB minAvailable");

        JsonNode spec = prod.cluster().path("spec");
        assertEquals(3, spec.path("instances").asInt(), "prod Cluster instances");
        Quantity size = new Quantity(spec.path("storage").path("size").asText());
        assertTrue(size.compareTo(new Quantity("10Gi")) >= 0, "prod database storage should be sized for production: " + size);
    }

    @Test
    void prodIsScrapedThroughAServiceMonitor() {
        Rendered prod = render("prod");
        ServiceMonitor monitor = prod.one(ServiceMonitor.class);
        Service service = prod.one(Service.class);
        assertTrue(matches(monitor.getSpec().getSelector(), service.getMetadata().getLabels()),
                "ServiceMonitor selector does not match the Service labels");
        assertEquals(1, monitor.getSpec().getEndpoints().size());
        assertEquals("http", monitor.getSpec().getEndpoints().get(0).getPort());
        assertEquals("/q/metrics", monitor.getSpec().getEndpoints().get(0).getPath());
        Map<String, String> annotations = Objects.requireNonNullElse(
                prod.deployment().getSpec().getTemplate().getMetadata().getAnnotations(), Map.of());
        assertTrue(annotations.keySet().stream().noneMatch(k -> k.startsWith("prometheus.io/")),
                "prod should not also be scraped through annotations: " + annotations);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static List<Container> containers(Rendered rendered) {
        List<Container> containers = new ArrayList<>();
        for (Deployment d : rendered.all(Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            containers.addAll(pod.getContainers());
            containers.addAll(Objects.requireNonNullElse(pod.getInitContainers(), List.of()));
        }
        assertFalse(containers.isEmpty(), rendered.overlay() + " has no containers");
        return containers;
    }

    private static Container appContainer(Rendered rendered) {
        List<Container> containers = rendered.deployment().getSpec().getTemplate().getSpec().getContainers();
        assertEquals(1, containers.size(), rendered.overlay() + ": one container");
        return containers.get(0);
    }

    /** Kubernetes label selector semantics: matchLabels and matchExpressions, all must hold; empty selects all. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> l = Objects.requireNonNullElse(labels, Map.of());
        if (selector.getMatchLabels() != null
                && !selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(l.get(e.getKey())))) {
            return false;
        }
        for (LabelSelectorRequirement r : Objects.requireNonNullElse(selector.getMatchExpressions(),
                List.<LabelSelectorRequirement> of())) {
            String value = l.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && r.getValues().contains(value);
                case "NotIn" -> value == null || !r.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean selectsForIngress(NetworkPolicy policy, Map<String, String> podLabels) {
        List<String> types = policy.getSpec().getPolicyTypes();
        boolean ingress = types == null || types.isEmpty() || types.contains("Ingress");
        return ingress && matches(policy.getSpec().getPodSelector(), podLabels);
    }

    /**
     * Whether a pod with {@code sourceLabels}, in a namespace labelled {@code sourceNamespace}, may connect to
     * {@code port} of a pod with {@code targetLabels} in namespace {@code targetNamespace}, under these policies
     * (NetworkPolicy semantics: a pod selected by no policy accepts everything; otherwise the union of the rules).
     */
    static boolean allowed(List<NetworkPolicy> policies, Map<String, String> targetLabels, String targetNamespace,
            Map<String, String> sourceLabels, Map<String, String> sourceNamespace, int port) {
        List<NetworkPolicy> selecting = policies.stream().filter(p -> selectsForIngress(p, targetLabels)).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        boolean sameNamespace = targetNamespace.equals(sourceNamespace.get("kubernetes.io/metadata.name"));
        for (NetworkPolicy policy : selecting) {
            for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(),
                    List.<NetworkPolicyIngressRule> of())) {
                boolean portOk = rule.getPorts() == null || rule.getPorts().isEmpty()
                        || rule.getPorts().stream().anyMatch(p -> portMatches(p, port));
                boolean peerOk = rule.getFrom() == null || rule.getFrom().isEmpty()
                        || rule.getFrom().stream().anyMatch(peer -> peerMatches(peer, sameNamespace, sourceLabels, sourceNamespace));
                if (portOk && peerOk) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean portMatches(NetworkPolicyPort p, int port) {
        if (p.getPort() == null) {
            return true;
        }
        int from = p.getPort().getIntVal() != null ? p.getPort().getIntVal() : -1;
        int to = p.getEndPort() != null ? p.getEndPort() : from;
        return port >= from && port <= to;
    }

    private static boolean peerMatches(NetworkPolicyPeer peer, boolean sameNamespace, Map<String, String> podLabels,
            Map<String, String> namespaceLabels) {
        if (peer.getIpBlock() != null) {
            return true; // an IP block may hold any pod: count it as a match
        }
        boolean namespaceOk = peer.getNamespaceSelector() == null ? sameNamespace
                : matches(peer.getNamespaceSelector(), namespaceLabels);
        boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), podLabels);
        return namespaceOk && podOk;
    }
}
