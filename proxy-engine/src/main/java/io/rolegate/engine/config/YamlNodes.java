package io.rolegate.engine.config;

import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Building blocks for {@link ConfigWriter}: nodes that {@link ConfigLoader} reads back to the same values. */
final class YamlNodes {
    // words other YAML tools (YAML 1.1: PyYAML, Ansible, older SnakeYAML) would read as booleans
    private static final Set<String> YAML11_BOOLEAN_WORDS =
            Set.of("y", "n", "yes", "no", "on", "off", "true", "false");

    private YamlNodes() {
    }

    static MappingNode section(NodeTuple... entries) {
        return section(java.util.Arrays.stream(entries).filter(java.util.Objects::nonNull).toList(), FlowStyle.BLOCK);
    }

    static MappingNode section(List<NodeTuple> entries, FlowStyle style) {
        return new MappingNode(Tag.MAP, new ArrayList<>(entries), style);
    }

    /** Null for an absent value (a path not set), which {@link #section} leaves out. */
    static NodeTuple entry(String key, Node value) {
        return value == null ? null : new NodeTuple(new ScalarNode(Tag.STR, key, ScalarStyle.PLAIN), value);
    }

    static Node text(String value) {
        if (value == null) {
            return null;
        }
        // "${" would be taken for an environment variable on the way back in
        String escaped = EnvSubstitution.escape(value);
        ScalarStyle style = YAML11_BOOLEAN_WORDS.contains(escaped.toLowerCase(Locale.ROOT))
                ? ScalarStyle.DOUBLE_QUOTED : ScalarStyle.PLAIN;
        return new ScalarNode(Tag.STR, escaped, style);
    }

    /** A {@code ${NAME}} reference, written as is (not escaped). */
    static Node variable(String name) {
        return new ScalarNode(Tag.STR, "${" + name + "}", ScalarStyle.PLAIN);
    }

    static Node texts(Collection<String> values) {
        List<Node> items = values.stream().map(YamlNodes::text).toList();
        return new SequenceNode(Tag.SEQ, new ArrayList<>(items), FlowStyle.FLOW);
    }

    static Node path(Path p) {
        return p == null ? null : text(p.toString());
    }

    static Node number(int n) {
        return new ScalarNode(Tag.INT, Integer.toString(n), ScalarStyle.PLAIN);
    }

    static Node bool(boolean b) {
        return new ScalarNode(Tag.BOOL, Boolean.toString(b), ScalarStyle.PLAIN);
    }

    static Node duration(Duration d) {
        return new ScalarNode(Tag.STR, Durations.format(d), ScalarStyle.PLAIN);
    }
}
