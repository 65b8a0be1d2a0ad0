package io.rolegate.engine.config;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Small facts about SnakeYAML nodes, in the words problem messages use. */
final class Nodes {
    private Nodes() {
    }

    /** 1-based line where the node starts (SnakeYAML counts from 0). */
    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** {@code key:}, {@code key: ~} and {@code key: null} (unquoted) all mean "no value". */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.isPlain() && Tag.NULL.equals(s.getTag());
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a section";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "\"" + ((ScalarNode) node).getValue() + "\"";
    }
}
