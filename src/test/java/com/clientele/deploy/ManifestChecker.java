package com.clientele.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Parses rendered Kubernetes YAML into the fabric8 model and reports every field the model does not know.
 *
 * <p>
 * fabric8 is lenient: a field it does not know (a typo such as {@code imagee}) lands in the
 * {@code additionalProperties} map of the enclosing object instead of failing. {@link #check} walks the typed object
 * graph by reflection and reports each such entry with its path, e.g.
 * {@code Deployment/clientele: spec.template.spec.containers[0].imagee}.
 *
 * <p>
 * Kinds that the fabric8 model does not contain (the CloudNativePG {@code Cluster}) are checked against a small
 * hand-written {@link Shape} of the fields this project uses, see {@link #CRD_SHAPES}.
 */
final class ManifestChecker {

    /** One YAML document: the raw tree as written, and the typed object fabric8 made of it. */
    record Document(JsonNode raw, HasMetadata object) {

        String kind() {
            return object.getKind();
        }

        String name() {
            return object.getMetadata() == null ? null : object.getMetadata().getName();
        }

        String label() {
            return kind() + "/" + name();
        }
    }

    /** A document that could not be turned into a typed object at all, or whose fields are unknown. */
    record Problem(String where, String message) {
        @Override
        public String toString() {
            return where + ": " + message;
        }
    }

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ManifestChecker() {
    }

    /** Converts a raw tree into a fabric8 type with the same settings as the parser. */
    static <T> T convert(JsonNode node, Class<T> type) {
        return SERIALIZATION.convertValue(node, type);
    }

    /** Splits a multi-document YAML stream into its non-empty documents. */
    static List<JsonNode> splitDocuments(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isMissingNode() && !node.isEmpty()) {
                    documents.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("not valid YAML: " + e.getMessage(), e);
        }
        return documents;
    }

    /** Parses every document of {@code yaml}; problems (unknown kinds, unknown fields, bad values) go to {@code problems}. */
    static List<Document> parse(String yaml, List<Problem> problems) {
        List<Document> documents = new ArrayList<>();
        int index = 0;
        for (JsonNode raw : splitDocuments(yaml)) {
            String where = "document " + index++ + " (" + raw.path("kind").asText("?") + "/"
                    + raw.path("metadata").path("name").asText("?") + ")";
            Document document = parseOne(raw, where, problems);
            if (document != null) {
                documents.add(document);
            }
        }
        return documents;
    }

    private static Document parseOne(JsonNode raw, String where, List<Problem> problems) {
        String apiVersion = raw.path("apiVersion").asText(null);
        String kind = raw.path("kind").asText(null);
        if (apiVersion == null || kind == null) {
            problems.add(new Problem(where, "apiVersion and kind are required"));
            return null;
        }
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(raw.toString(), KubernetesResource.class);
        } catch (RuntimeException e) {
            problems.add(new Problem(where, "does not parse as " + apiVersion + " " + kind + ": " + rootMessage(e)));
            return null;
        }
        if (!(parsed instanceof HasMetadata object)) {
            problems.add(new Problem(where, "not a Kubernetes object: " + parsed.getClass().getName()));
            return null;
        }
        Document document = new Document(raw, object);
        if (object instanceof GenericKubernetesResource generic) {
            Shape shape = CRD_SHAPES.get(apiVersion + " " + kind);
            if (shape == null) {
                problems.add(new Problem(document.label(), "kind " + kind + " of " + apiVersion
                        + " is neither in the fabric8 model on the test classpath nor in ManifestChecker.CRD_SHAPES"));
            } else {
                unknownFields(generic.getMetadata(), "metadata", document.label(), problems);
                checkShape(raw, shape, "", document.label(), problems);
            }
        } else {
            unknownFields(object, "", document.label(), problems);
        }
        return document;
    }

    /**
     * Walks a fabric8 object graph and reports every entry of an {@code additionalProperties} map, i.e. every field
     * of the input that the model has no property for.
     */
    static void unknownFields(Object value, String path, String where, List<Problem> problems) {
        if (value == null || isLeaf(value)) {
            return;
        }
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object item : collection) {
                unknownFields(item, path + "[" + i++ + "]", where, problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                unknownFields(entry.getValue(), join(path, String.valueOf(entry.getKey())), where, problems);
            }
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.")) {
            return; // a plain value the model keeps untyped (e.g. the Object inside IntOrString)
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                    continue;
                }
                Object fieldValue = read(field, value);
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra) {
                        for (Object key : extra.keySet()) {
                            problems.add(new Problem(where, "unknown field " + join(path, String.valueOf(key))));
                        }
                    }
                } else {
                    unknownFields(fieldValue, join(path, jsonName(field)), where, problems);
                }
            }
        }
    }

    /** fabric8 wraps Jackson's precise message ("Cannot deserialize ... (through reference chain: ...)"). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage().lines().findFirst().orElse("")
                + root.getMessage().lines().filter(l -> l.contains("reference chain")).findFirst().map(l -> " " + l.trim()).orElse("");
    }

    private static boolean isLeaf(Object value) {
        return value instanceof CharSequence || value instanceof Number || value instanceof Boolean
                || value instanceof Character || value instanceof Enum<?>;
    }

    private static Object read(Field field, Object target) {
        try {
            field.setAccessible(true);
            return field.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + field + ": " + e, e);
        }
    }

    private static String jsonName(Field field) {
        JsonProperty property = field.getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : field.getName();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Hand-written shapes for custom resources the fabric8 model does not have.

    /** The allowed form of a JSON value. */
    sealed interface Shape permits Obj, ListOf, MapOf, Scalar, OneOf, Typed {
    }

    /** An object with exactly these optional fields. */
    record Obj(Map<String, Shape> fields) implements Shape {
    }

    record ListOf(Shape item) implements Shape {
    }

    /** A map with free keys, e.g. labels or PostgreSQL parameters. */
    record MapOf(Shape value) implements Shape {
    }

    record OneOf(Set<String> values) implements Shape {
    }

    /** A value that is a Kubernetes type the fabric8 model has (e.g. ResourceRequirements inside a CRD). */
    record Typed(Class<?> type) implements Shape {
    }

    enum Scalar implements Shape {
        STRING, INTEGER, BOOLEAN, QUANTITY
    }

    static Obj obj(Object... namesAndShapes) {
        Map<String, Shape> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            fields.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
        }
        return new Obj(fields);
    }

    private static final Obj CNPG_STORAGE = obj(
            "size", Scalar.QUANTITY,
            "storageClass", Scalar.STRING,
            "resizeInUseVolumes", Scalar.BOOLEAN);

    /**
     * postgresql.cnpg.io/v1 Cluster: only the part of the CloudNativePG API this project uses (field names from the
     * CloudNativePG API reference). Add a field here when a manifest starts using it.
     */
    private static final Obj CNPG_CLUSTER = obj(
            "apiVersion", Scalar.STRING,
            "kind", Scalar.STRING,
            "metadata", new Typed(ObjectMeta.class),
            "spec", obj(
                    "description", Scalar.STRING,
                    "instances", Scalar.INTEGER,
                    "imageName", Scalar.STRING,
                    "primaryUpdateStrategy", new OneOf(Set.of("unsupervised", "supervised")),
                    "primaryUpdateMethod", new OneOf(Set.of("switchover", "restart")),
                    "enableSuperuserAccess", Scalar.BOOLEAN,
                    "bootstrap", obj(
                            "initdb", obj(
                                    "database", Scalar.STRING,
                                    "owner", Scalar.STRING,
                                    "secret", obj("name", Scalar.STRING),
                                    "encoding", Scalar.STRING,
                                    "localeCollate", Scalar.STRING,
                                    "localeCType", Scalar.STRING,
                                    "dataChecksums", Scalar.BOOLEAN,
                                    "postInitApplicationSQL", new ListOf(Scalar.STRING))),
                    "storage", CNPG_STORAGE,
                    "walStorage", CNPG_STORAGE,
                    "resources", new Typed(ResourceRequirements.class),
                    "affinity", obj(
                            "enablePodAntiAffinity", Scalar.BOOLEAN,
                            "topologyKey", Scalar.STRING,
                            "podAntiAffinityType", new OneOf(Set.of("preferred", "required")),
                            "nodeSelector", new MapOf(Scalar.STRING),
                            "tolerations", new ListOf(new Typed(Toleration.class))),
                    "postgresql", obj(
                            "parameters", new MapOf(Scalar.STRING),
                            "pg_hba", new ListOf(Scalar.STRING)),
                    "monitoring", obj("enablePodMonitor", Scalar.BOOLEAN)));

    /** "apiVersion kind" to shape, for kinds outside the fabric8 model. */
    static final Map<String, Shape> CRD_SHAPES = Map.of("postgresql.cnpg.io/v1 Cluster", CNPG_CLUSTER);

    static void checkShape(JsonNode node, Shape shape, String path, String where, List<Problem> problems) {
        if (shape instanceof Obj obj) {
            if (!node.isObject()) {
                problems.add(new Problem(where, path + " must be an object"));
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                Shape fieldShape = obj.fields().get(field.getKey());
                String fieldPath = join(path, field.getKey());
                if (fieldShape == null) {
                    problems.add(new Problem(where, "unknown field " + fieldPath));
                } else {
                    checkShape(field.getValue(), fieldShape, fieldPath, where, problems);
                }
            }
        } else if (shape instanceof ListOf list) {
            if (!node.isArray()) {
                problems.add(new Problem(where, path + " must be a list"));
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                checkShape(node.get(i), list.item(), path + "[" + i + "]", where, problems);
            }
        } else if (shape instanceof MapOf map) {
            if (!node.isObject()) {
                problems.add(new Problem(where, path + " must be a map"));
                return;
            }
            node.fields().forEachRemaining(e -> checkShape(e.getValue(), map.value(), join(path, e.getKey()), where, problems));
        } else if (shape instanceof OneOf oneOf) {
            if (!node.isTextual() || !oneOf.values().contains(node.asText())) {
                problems.add(new Problem(where, path + " must be one of " + oneOf.values() + ", got " + node));
            }
        } else if (shape instanceof Typed typed) {
            try {
                Object value = SERIALIZATION.convertValue(node, typed.type());
                unknownFields(value, path, where, problems);
            } catch (RuntimeException e) {
                problems.add(new Problem(where, path + " is not a valid " + typed.type().getSimpleName() + ": " + rootMessage(e)));
            }
        } else if (shape instanceof Scalar scalar) {
            boolean ok = switch (scalar) {
                case STRING -> node.isTextual();
                case INTEGER -> node.isIntegralNumber();
                case BOOLEAN -> node.isBoolean();
                case QUANTITY -> node.isTextual() && isQuantity(node.asText());
            };
            if (!ok) {
                problems.add(new Problem(where, path + " must be " + scalar.name().toLowerCase() + ", got " + node));
            }
        }
    }

    private static boolean isQuantity(String text) {
        try {
            new Quantity(text).getNumericalAmount();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
