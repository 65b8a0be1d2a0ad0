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
    /** When not null, the one variable each setting path may reference; every other reference is refused. */
    private final java.util.Map<String, String> onlyThese;

    EnvSubstitution(Function<String, String> environment) {
        this(environment, null);
    }

    private EnvSubstitution(Function<String, String> environment, java.util.Map<String, String> onlyThese) {
        this.environment = environment;
        this.onlyThese = onlyThese;
    }

    /**
     * For configurations that come from the console rather than the operator's file: a secret field may name its
     * own variable (the reference an export writes), nothing else may name any, so neither a secret nor another
     * environment variable can be resolved into a field that is stored and shown in clear.
     */
    static EnvSubstitution secretReferencesOnly(Function<String, String> environment) {
        return new EnvSubstitution(environment, SecretFields.VARIABLES);
    }

    /** The substituted text of the value at {@code path}, or empty after reporting each problem. */
    Optional<String> apply(String text, String path, Consumer<String> problems) {
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
                if (onlyThese != null && !name.equals(onlyThese.get(path)) && !webhookSecret(path, name)) {
                    problems.accept(onlyThese.containsKey(path)
                            ? "a configuration from the console may reference only ${" + onlyThese.get(path)
                            + "} here; type the secret in the password field instead"
                            : "a configuration from the console cannot reference environment variables outside the"
                            + " secret fields; write the value itself (or $${ for a literal \"${\")");
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

    /**
     * A webhook's secret (a list item, so no fixed variable) may name any variable of the webhook-secret family:
     * its value only ever becomes the signing key, never a field that is stored or shown.
     */
    private static boolean webhookSecret(String path, String name) {
        return WEBHOOK_SECRET_PATH.matcher(path).matches() && name.startsWith("ROLEGATE_WEBHOOK_SECRET");
    }

    private static final Pattern WEBHOOK_SECRET_PATH = Pattern.compile("exports\\[\\d+]\\.secret");

    /** Escapes text so that {@link #apply} gives it back unchanged. */
    static String escape(String literal) {
        return literal.replace("${", "$${");
    }
}
