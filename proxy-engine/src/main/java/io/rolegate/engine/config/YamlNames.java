package io.rolegate.engine.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How enum constants are spelled in YAML: lower case, dashes for underscores (VERIFY_FULL is verify-full). */
final class YamlNames {
    private YamlNames() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> List<String> allOf(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(YamlNames::of).toList();
    }

    static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> of(e).equals(wanted)).findFirst();
    }
}
