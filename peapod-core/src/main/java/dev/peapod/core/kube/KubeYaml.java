package dev.peapod.core.kube;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.peapod.core.define.InvalidArgumentException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a stream of Kubernetes YAML documents into JSON trees that remember the line of every field, and binds
 * them to fabric8's typed model, so that every error names the document, the field path and the line
 * ({@code document 2 (Pod web): spec.containers[1].image: required (line 14)}).
 */
final class KubeYaml {
    /** Binds trees to the typed model and writes it back out as YAML. */
    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private KubeYaml() {
    }

    /**
     * One document of the stream.
     *
     * @param number 1-based position in the stream (empty documents count)
     * @param tree   its content
     * @param lines  JSON pointer ({@code /spec/containers/0/image}) to the 1-based line where it starts
     */
    record Doc(int number, JsonNode tree, Map<String, Integer> lines) {
        String kind() {
            return tree.path("kind").asText("");
        }

        String name() {
            return tree.path("metadata").path("name").asText("");
        }

        /** {@code document 2 (Pod web)}. */
        String where() {
            String what = (kind() + " " + name()).strip();
            return "document " + number + (what.isEmpty() ? "" : " (" + what + ")");
        }

        /** The line of the pointer, or of its nearest ancestor that has one. */
        int line(String pointer) {
            String p = pointer;
            while (true) {
                Integer l = lines.get(p);
                if (l != null) {
                    return l;
                }
                if (p.isEmpty()) {
                    return 1;
                }
                p = p.substring(0, p.lastIndexOf('/'));
            }
        }

        /** An error about the field at {@code pointer}: {@code document 1 (Pod web): spec.containers[1].image: required (line 9)}. */
        InvalidArgumentException error(String pointer, String problem) {
            return new InvalidArgumentException(where() + ": " + dotted(pointer) + ": " + problem + " (line "
                    + line(pointer) + ")");
        }

        /** A warning about the field at {@code pointer}, worded as {@link #error}. */
        String warning(String pointer, String problem) {
            return where() + ": " + dotted(pointer) + ": " + problem + " (line " + line(pointer) + ")";
        }

        /**
         * The document bound to a model class.
         *
         * @throws InvalidArgumentException naming the field, its path and line when a value has the wrong type
         */
        <T> T bind(Class<T> type) {
            try {
                return MAPPER.treeToValue(tree, type);
            } catch (JsonMappingException e) {
                StringBuilder ptr = new StringBuilder();
                for (JsonMappingException.Reference r : e.getPath()) {
                    ptr.append('/').append(r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()));
                }
                String msg = e.getOriginalMessage().lines().findFirst().orElse("invalid value");
                throw error(ptr.toString(), "invalid value: " + msg);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                throw new InvalidArgumentException(where() + ": " + e.getMessage());
            }
        }
    }

    /** {@code /spec/containers/1/image} as {@code spec.containers[1].image}. */
    static String dotted(String pointer) {
        StringBuilder out = new StringBuilder();
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                out.append('[').append(part).append(']');
            } else {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return out.isEmpty() ? "(document)" : out.toString();
    }

    /**
     * Parses every document of a YAML stream; empty documents are skipped (but counted).
     *
     * @throws InvalidArgumentException for malformed YAML, naming the document and line, or for a document that
     *                                  is not a mapping
     */
    static List<Doc> parse(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        Yaml yaml = new Yaml(options);
        List<Doc> docs = new ArrayList<>();
        int number = 0;
        try {
            for (Node root : yaml.composeAll(new StringReader(text))) {
                number++;
                if (root == null) {
                    continue;
                }
                Map<String, Integer> lines = new HashMap<>();
                JsonNode tree = convert(root, "", lines);
                if (tree.isNull()) {
                    continue;
                }
                if (!tree.isObject()) {
                    throw new InvalidArgumentException("document " + number + ": a Kubernetes document must be a "
                            + "mapping with apiVersion, kind and metadata (line " + (root.getStartMark().getLine() + 1)
                            + ")");
                }
                docs.add(new Doc(number, tree, lines));
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new InvalidArgumentException("document " + (number + 1) + ": malformed YAML at line " + line + ": "
                    + e.getProblem());
        } catch (YAMLException e) {
            throw new InvalidArgumentException("document " + (number + 1) + ": malformed YAML: " + e.getMessage());
        }
        return docs;
    }

    private static JsonNode convert(Node node, String pointer, Map<String, Integer> lines) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        lines.putIfAbsent(pointer, node.getStartMark().getLine() + 1);
        switch (node) {
            case MappingNode m -> {
                ObjectNode o = f.objectNode();
                for (NodeTuple t : m.getValue()) {
                    if (!(t.getKeyNode() instanceof ScalarNode k)) {
                        throw new InvalidArgumentException("line " + (t.getKeyNode().getStartMark().getLine() + 1)
                                + ": a mapping key must be a plain value");
                    }
                    String child = pointer + "/" + k.getValue().replace("~", "~0").replace("/", "~1");
                    lines.put(child, k.getStartMark().getLine() + 1);
                    o.set(k.getValue(), convert(t.getValueNode(), child, lines));
                }
                return o;
            }
            case SequenceNode s -> {
                ArrayNode a = f.arrayNode();
                int i = 0;
                for (Node item : s.getValue()) {
                    a.add(convert(item, pointer + "/" + i++, lines));
                }
                return a;
            }
            case ScalarNode s -> {
                return scalar(s);
            }
            default -> {
                return f.nullNode();
            }
        }
    }

    private static JsonNode scalar(ScalarNode s) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Tag tag = s.getTag();
        String v = s.getValue();
        try {
            if (Tag.NULL.equals(tag)) {
                return f.nullNode();
            }
            if (Tag.BOOL.equals(tag)) {
                return f.booleanNode(List.of("true", "yes", "on", "y").contains(v.toLowerCase(java.util.Locale.ROOT)));
            }
            if (Tag.INT.equals(tag)) {
                BigInteger n = new BigInteger(v.replace("_", ""));
                return n.bitLength() < 32 ? f.numberNode(n.intValue())
                        : n.bitLength() < 64 ? f.numberNode(n.longValue()) : f.numberNode(n);
            }
            if (Tag.FLOAT.equals(tag)) {
                return f.numberNode(Double.parseDouble(v.replace("_", "")));
            }
        } catch (NumberFormatException e) {
            return f.textNode(v);
        }
        return f.textNode(v);
    }
}
