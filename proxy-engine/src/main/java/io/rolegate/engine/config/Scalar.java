package io.rolegate.engine.config;

import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.util.Optional;

/**
 * A single value after {@code ${NAME}} substitution. {@code shown} is the text as written in the file, quoted; it
 * is what problem messages print, so a substituted secret never reaches a log or a terminal.
 */
record Scalar(String value, String shown, boolean fromEnvironment) {

    /** Empty for a null value (which means "use the default") and after reporting a problem. */
    static Optional<Scalar> read(BindContext ctx, Node node, String path) {
        if (Nodes.isNull(node)) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode s)) {
            ctx.problems().add(Nodes.line(node), path, "expected a single value, got " + Nodes.describe(node));
            return Optional.empty();
        }
        String raw = s.getValue();
        return ctx.env().apply(raw, path, msg -> ctx.problems().add(Nodes.line(node), path, msg))
                .map(v -> new Scalar(v, "\"" + raw + "\"", raw.contains("${")));
    }
}
