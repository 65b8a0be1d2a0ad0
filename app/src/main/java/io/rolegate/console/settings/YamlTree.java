package io.rolegate.console.settings;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stored configuration as nested maps, edited by key path and written back as YAML for the engine's loader to
 * judge. The form never interprets values itself: a typed value becomes what the same text would be if written in
 * the file ({@code 6432} a number, {@code abc} a string), so the loader's rules and messages apply unchanged.
 */
final class YamlTree {
    private final Map<String, Object> root;

    private YamlTree(Map<String, Object> root) {
        this.root = root;
    }

    @SuppressWarnings("unchecked")
    static YamlTree parse(String yaml) {
        Object top = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        return new YamlTree(top instanceof Map<?, ?> m ? (Map<String, Object>) deepCopy(m) : new LinkedHashMap<>());
    }

    /** The value at {@code path} as the form shows it: lists joined with ", ", absent as "". */
    String display(String path) {
        Object v = get(path);
        if (v == null) {
            return "";
        }
        if (v instanceof List<?> l) {
            return String.join(", ", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }

    Object get(String path) {
        Object node = root;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }

    /**
     * Sets {@code path}, creating the sections on the way; a null value removes the key instead, and a section it
     * leaves empty (a time window with every field cleared) goes too, so it does not read as a half-filled rule.
     */
    @SuppressWarnings("unchecked")
    void set(String path, Object value) {
        String[] keys = path.split("\\.");
        List<Map<String, Object>> chain = new java.util.ArrayList<>();
        Map<String, Object> node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            chain.add(node);
            Object child = node.get(keys[i]);
            if (!(child instanceof Map<?, ?>)) {
                if (value == null) {
                    return;
                }
                child = new LinkedHashMap<String, Object>();
                node.put(keys[i], child);
            }
            node = (Map<String, Object>) child;
        }
        if (value != null) {
            node.put(keys[keys.length - 1], value);
            return;
        }
        node.remove(keys[keys.length - 1]);
        for (int i = keys.length - 2; i >= 0 && node.isEmpty(); i--) {
            chain.get(i).remove(keys[i]);
            node = chain.get(i);
        }
    }

    boolean has(String section) {
        return root.get(section) instanceof Map<?, ?>;
    }

    /** Only the named top-level sections, as YAML (for showing a part read-only); "" when none is there. */
    String dump(String... sections) {
        Map<String, Object> part = new LinkedHashMap<>();
        for (String s : sections) {
            if (root.get(s) != null) {
                part.put(s, root.get(s));
            }
        }
        return part.isEmpty() ? "" : new YamlTree(part).dump();
    }

    String dump() {
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).setIndent(2).build();
        return new Dump(settings).dumpToString(root);
    }

    /** What {@code text} would be if written as a plain value in the file; text that is not a plain value stays text. */
    static Object scalar(String text) {
        try {
            Object v = new Load(LoadSettings.builder().build()).loadFromString(text);
            return v instanceof Map<?, ?> || v instanceof List<?> || v == null ? text : v;
        } catch (YamlEngineException e) {
            return text;
        }
    }

    /** A list typed as "a, b c": split on commas and spaces, empties dropped. */
    static List<String> items(String text) {
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    private static Object deepCopy(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
            return copy;
        }
        return o;
    }
}
