package io.rolegate.engine.config;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} in scalar values with the environment variable NAME; {@code $${} stands for a literal
 * {@code ${}. Problems name the variable but never its value, since values are often passwords.
 */
final class EnvSubstitution {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> environment;

    EnvSubstitution(Function<String, String> environment) {
        this.environment = environment;
    }

    /** The substituted text, or empty after reporting each unset variable or malformed reference. */
    Optional<String> apply(String text, Consumer<String> problems) {
        if (!text.contains("${")) {
            return Optional.of(text);
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean complete = true;
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                String name = end < 0 ? "" : text.substring(i + 2, end);
                if (!NAME.matcher(name).matches()) {
                    problems.accept("malformed variable reference; write ${NAME} (or $${ for a literal \"${\")");
                    return Optional.empty();
                }
                String value = environment.apply(name);
                if (value == null) {
                    problems.accept("environment variable " + name + " is not set");
                    complete = false;
                } else {
                    out.append(value);
                }
                i = end + 1;
            } else {
                out.append(text.charAt(i++));
            }
        }
        return complete ? Optional.of(out.toString()) : Optional.empty();
    }

    /** Escapes text so that {@link #apply} gives it back unchanged. */
    static String escape(String literal) {
        return literal.replace("${", "$${");
    }
}
