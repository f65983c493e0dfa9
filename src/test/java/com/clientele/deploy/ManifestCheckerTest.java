package com.clientele.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.clientele.deploy.ManifestChecker.Document;
import com.clientele.deploy.ManifestChecker.Problem;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The checker behind {@link KubernetesManifestsTest} must reject what kubectl would reject (or silently drop). */
class ManifestCheckerTest {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              selector:
                matchLabels: {app: demo}
              template:
                metadata:
                  labels: {app: demo}
                spec:
                  containers:
                    - name: demo
                      %s: registry.example.com/demo:1.0
            """;

    private static List<Problem> problemsOf(String yaml) {
        List<Problem> problems = new ArrayList<>();
        ManifestChecker.parse(yaml, problems);
        return problems;
    }

    @Test
    void aCorrectDeploymentHasNoProblems() {
        List<Problem> problems = new ArrayList<>();
        List<Document> documents = ManifestChecker.parse(DEPLOYMENT.formatted("image"), problems);
        assertEquals(List.of(), problems);
        assertEquals(1, documents.size());
        Deployment deployment = (Deployment) documents.get(0).object();
        assertEquals("registry.example.com/demo:1.0",
                deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    }

    @Test
    void aMisspelledFieldIsRejectedWithItsPath() {
        List<Problem> problems = problemsOf(DEPLOYMENT.formatted("imagee"));
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("Deployment/demo: unknown field spec.template.spec.containers[0].imagee", problems.get(0).toString());
    }

    @Test
    void unknownFieldsAreFoundAtEveryDepthAndInMetadata() {
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: demo
                  lables: {app: demo}
                spec:
                  selector: {app: demo}
                  ports:
                    - port: 80
                      targetPort: http
                      protocl: TCP
                ---
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: demo}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: demo}
                  minReplica: 2
                  maxReplicas: 3
                """;
        List<String> problems = problemsOf(yaml).stream().map(Problem::toString).toList();
        assertEquals(List.of(
                "Service/demo: unknown field metadata.lables",
                "Service/demo: unknown field spec.ports[0].protocl",
                "HorizontalPodAutoscaler/demo: unknown field spec.minReplica"), problems);
    }

    @Test
    void aValueOfTheWrongTypeIsRejected() {
        String yaml = DEPLOYMENT.formatted("image").replace("spec:\n  selector:", "spec:\n  replicas: two\n  selector:");
        List<Problem> problems = problemsOf(yaml);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).toString().contains("replicas"), problems.toString());
    }

    @Test
    void anUnknownKindOrApiVersionIsRejected() {
        String yaml = """
                apiVersion: autoscaling/v9
                kind: HorizontalPodAutoscaler
                metadata: {name: demo}
                spec: {}
                """;
        List<Problem> problems = problemsOf(yaml);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("neither in the fabric8 model"), problems.toString());
    }

    @Test
    void theCloudNativePgClusterIsCheckedAgainstItsShape() {
        String good = """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: db}
                spec:
                  instances: 3
                  bootstrap: {initdb: {database: app, owner: app}}
                  storage: {size: 10Gi}
                  resources:
                    requests: {cpu: 100m, memory: 256Mi}
                """;
        assertEquals(List.of(), problemsOf(good));

        String bad = good
                .replace("instances: 3", "instancess: 3")
                .replace("owner: app", "owner: app, ownr: app")
                .replace("size: 10Gi", "size: ten gigs")
                .replace("memory: 256Mi", "memory: 256Mi}\n    limts: {cpu: 1");
        List<String> problems = problemsOf(bad).stream().map(Problem::toString).toList();
        assertEquals(List.of(
                "Cluster/db: unknown field spec.instancess",
                "Cluster/db: unknown field spec.bootstrap.initdb.ownr",
                "Cluster/db: spec.storage.size must be quantity, got \"ten gigs\"",
                "Cluster/db: unknown field spec.resources.limts"), problems);
    }

    @Test
    void multiDocumentStreamsAreSplitAndEmptyDocumentsSkipped() {
        String yaml = "---\n" + DEPLOYMENT.formatted("image") + "---\n---\n" + DEPLOYMENT.formatted("image").replace("demo", "two");
        assertEquals(2, ManifestChecker.splitDocuments(yaml).size());
    }
}
