package io.rolegate.engine.config;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads one YAML mapping (a section such as {@code listen.tls}) for a binder. Getters never throw: a bad value
 * is recorded as a problem with its line and the default is returned, so one pass finds every problem. Every key a
 * getter asks for counts as known; whatever else the mapping holds is reported as unknown by
 * {@link #reportUnknownKeys()}. An absent or empty section reads as all defaults.
 */
public final class SectionReader {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d{1,18}");

    private final BindContext ctx;
    private final String path;
    private final int line;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> knownKeys = new LinkedHashSet<>();
    private final Set<String> faultyKeys = new HashSet<>();
    private final Map<String, SectionReader> children = new LinkedHashMap<>();

    SectionReader(BindContext ctx, String path, int line, MappingNode node) {
        this.ctx = ctx;
        this.path = path;
        this.line = line;
        if (node != null) {
            index(node);
        }
    }

    /** The dotted path of this section, e.g. {@code listen.tls}; empty for the top level. */
    public String path() {
        return path;
    }

    /** A text value; an empty string is a problem (write nothing, or leave the key out, to get the default). */
    public String string(String key, String defaultValue) {
        Optional<Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        if (s.get().value().isBlank()) {
            return fail(key, "must not be empty", defaultValue);
        }
        return s.get().value();
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Optional<Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        String text = s.get().value().trim();
        if (!WHOLE_NUMBER.matcher(text).matches()) {
            return fail(key, "expected a whole number, got " + s.get().shown(), defaultValue);
        }
        long n = Long.parseLong(text);
        if (n < min || n > max) {
            return fail(key, "must be between " + min + " and " + max + ", got " + s.get().shown(), defaultValue);
        }
        return (int) n;
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        String text = s.get().value().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        return fail(key, "expected true or false, got " + s.get().shown(), defaultValue);
    }

    /** A duration such as {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}, within {@code [min, max]}. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        Duration d;
        try {
            d = Durations.parse(s.get().value());
        } catch (IllegalArgumentException e) {
            return fail(key, s.get().fromEnvironment() ? "expected a duration such as 15s" : e.getMessage(),
                    defaultValue);
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            return fail(key, "must be between " + Durations.format(min) + " and " + Durations.format(max)
                    + ", got " + s.get().shown(), defaultValue);
        }
        return d;
    }

    /** One of the enum's YAML spellings (see {@link YamlNames}); a problem lists the allowed ones. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        Optional<Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return defaultValue;
        }
        Optional<E> value = YamlNames.parse(type, s.get().value());
        if (value.isPresent()) {
            return value.get();
        }
        List<String> allowed = YamlNames.allOf(type);
        String hint = Suggestions.closest(s.get().value().trim(), allowed)
                .map(m -> " (did you mean \"" + m + "\"?)").orElse("");
        return fail(key, "expected one of " + String.join(", ", allowed) + "; got " + s.get().shown() + hint,
                defaultValue);
    }

    /**
     * An existing, readable file; a relative path starts from the config file's folder. The result is absolute,
     * so the engine does not depend on its working directory. Null when the key is absent.
     */
    public Path file(String key) {
        Optional<Scalar> s = scalar(key);
        if (s.isEmpty()) {
            return null;
        }
        try {
            Path p = ctx.baseDir().resolve(s.get().value().trim()).toAbsolutePath().normalize();
            Optional<String> unusable = ConfigFiles.whyUnusable(p);
            return unusable.isPresent() ? fail(key, unusable.get(), null) : p;
        } catch (InvalidPathException e) {
            return fail(key, "not a valid file path: " + s.get().shown(), null);
        }
    }

    /** A nested section; absent or empty reads as all defaults. Asking twice gives the same reader. */
    public SectionReader section(String key) {
        return children.computeIfAbsent(key, k -> {
            knownKeys.add(k);
            Node value = valueNode(k);
            if (value != null && Nodes.isNull(value)) {
                value = null;
            } else if (value != null && !(value instanceof MappingNode)) {
                fail(k, "expected a section of \"key: value\" lines, got " + Nodes.describe(value), null);
                value = null;
            }
            return new SectionReader(ctx, childPath(k), line(k), (MappingNode) value);
        });
    }

    /** A list of sections, e.g. one per mapping rule; absent reads as an empty list. */
    public List<SectionReader> sections(String key) {
        List<SectionReader> out = new ArrayList<>();
        List<Node> items = sequence(key);
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = childPath(key) + "[" + i + "]";
            if (item instanceof MappingNode m) {
                SectionReader reader = new SectionReader(ctx, itemPath, Nodes.line(item), m);
                children.put(key + "[" + i + "]", reader);
                out.add(reader);
            } else {
                ctx.problems().add(Nodes.line(item), itemPath, "expected a section, got " + Nodes.describe(item));
                faultyKeys.add(key);
            }
        }
        return out;
    }

    /**
     * A list whose items are each a single value or a section (e.g. {@code "db1:5432"} or {@code {host: db1}}),
     * read by {@code fromText} or {@code fromSection}; an IllegalArgumentException from either is reported on the
     * item's line. Absent reads as an empty list.
     */
    public <T> List<T> items(String key, Function<String, T> fromText, Function<SectionReader, T> fromSection) {
        List<T> out = new ArrayList<>();
        List<Node> items = sequence(key);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = childPath(key) + "[" + i + "]";
            Node item = items.get(i);
            try {
                if (item instanceof MappingNode m) {
                    SectionReader reader = new SectionReader(ctx, itemPath, Nodes.line(item), m);
                    children.put(key + "[" + i + "]", reader);
                    T value = fromSection.apply(reader);
                    if (value != null) {
                        out.add(value);
                    } else {
                        faultyKeys.add(key);
                    }
                } else {
                    Optional<Scalar> s = Scalar.read(ctx, item, itemPath);
                    if (s.isPresent()) {
                        out.add(fromText.apply(s.get().value()));
                    } else {
                        faultyKeys.add(key);
                    }
                }
            } catch (IllegalArgumentException e) {
                ctx.problems().add(Nodes.line(item), itemPath, e.getMessage());
                faultyKeys.add(key);
            }
        }
        return out;
    }

    /** A list of text values; absent reads as an empty list. */
    public List<String> strings(String key) {
        return strings(key, v -> Optional.empty());
    }

    /** A list of text values, each judged by {@code check} (empty = fine, else why not), reported on its line. */
    public List<String> strings(String key, Function<String, Optional<String>> check) {
        List<String> out = new ArrayList<>();
        List<Node> items = sequence(key);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = childPath(key) + "[" + i + "]";
            Node item = items.get(i);
            Optional<Scalar> s = Scalar.read(ctx, item, itemPath);
            Optional<String> wrong = s.flatMap(v -> check.apply(v.value()));
            wrong.ifPresent(why -> ctx.problems().add(Nodes.line(item), itemPath, why));
            if (s.isPresent() && wrong.isEmpty()) {
                out.add(s.get().value());
            } else {
                faultyKeys.add(key);
            }
        }
        return out;
    }

    /** Every key written in this section, in file order (for free-form sections such as session settings). */
    public List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    /** The key's value node as written (before substitution), or null; for readers of composite values. */
    Node raw(String key) {
        return valueNode(key);
    }

    /** Notes a secret written literally in the file, so the loader can warn (naming the key, never the value). */
    void noteLiteralSecret(String key) {
        ctx.literalSecrets().add(childPath(key));
    }

    /** Records a problem with this key's value and marks it faulty, so cross-checks skip it. */
    void reject(String key, String message) {
        fail(key, message, null);
    }

    /** Whether the key is written with a non-null value (regardless of whether that value is valid). */
    public boolean has(String key) {
        Node value = valueNode(key);
        return value != null && !Nodes.isNull(value);
    }

    /** Whether reading the key, or anything under it, produced a problem; cross-checks skip such keys. */
    public boolean faulty(String key) {
        SectionReader child = children.get(key);
        return faultyKeys.contains(key) || (child != null && child.anyFaulty());
    }

    /** The line of a key, or of this section when the key is absent: where a cross-check should point. */
    public int line(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? line : Nodes.line(t.getKeyNode());
    }

    /** Records a problem that involves this key and others (e.g. certificate without key). */
    public void problem(String key, String message) {
        ctx.problems().add(line(key), childPath(key), message);
    }

    /** Reports keys no getter asked for, here and in every nested section read so far. */
    public void reportUnknownKeys() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!knownKeys.contains(e.getKey())) {
                String hint = Suggestions.closest(e.getKey(), knownKeys)
                        .map(m -> " (did you mean \"" + m + "\"?)").orElse("");
                ctx.problems().add(Nodes.line(e.getValue().getKeyNode()), "",
                        "unknown key \"" + childPath(e.getKey()) + "\"" + hint);
            }
        }
        children.values().forEach(SectionReader::reportUnknownKeys);
    }

    private boolean anyFaulty() {
        return !faultyKeys.isEmpty() || children.values().stream().anyMatch(SectionReader::anyFaulty);
    }

    private void index(MappingNode node) {
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                ctx.problems().add(Nodes.line(t.getKeyNode()), path, "keys must be plain names, got "
                        + Nodes.describe(t.getKeyNode()));
                continue;
            }
            NodeTuple first = entries.putIfAbsent(k.getValue(), t);
            if (first != null) {
                ctx.problems().add(Nodes.line(k), childPath(k.getValue()),
                        "duplicate key (first written on line " + Nodes.line(first.getKeyNode()) + ")");
            }
        }
    }

    private Node valueNode(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    private List<Node> sequence(String key) {
        knownKeys.add(key);
        Node value = valueNode(key);
        if (value == null || Nodes.isNull(value)) {
            return List.of();
        }
        if (value instanceof SequenceNode seq) {
            return seq.getValue();
        }
        return fail(key, "expected a list, got " + Nodes.describe(value), List.of());
    }

    private Optional<Scalar> scalar(String key) {
        knownKeys.add(key);
        Node value = valueNode(key);
        if (value == null) {
            return Optional.empty();
        }
        Optional<Scalar> s = Scalar.read(ctx, value, childPath(key));
        if (s.isEmpty() && !Nodes.isNull(value)) {
            faultyKeys.add(key);
        }
        return s;
    }

    private <T> T fail(String key, String message, T result) {
        faultyKeys.add(key);
        problem(key, message);
        return result;
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
