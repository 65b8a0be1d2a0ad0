package io.rolegate.engine.config;

import io.rolegate.engine.directory.DirectoryFlavour;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** YAML spellings of {@link DirectoryFlavour}: {@code openldap}, {@code active-directory}, {@code 389ds}, {@code generic}. */
final class FlavourNames {
    private FlavourNames() {
    }

    static String of(DirectoryFlavour f) {
        // a Java constant cannot start with a digit; operators know the product as 389-DS
        return f == DirectoryFlavour.DS389 ? "389ds" : YamlNames.of(f);
    }

    static List<String> all() {
        return Arrays.stream(DirectoryFlavour.values()).map(FlavourNames::of).toList();
    }

    /** The flavour written under {@code key}, or {@code defaultValue} when absent or wrong (after reporting). */
    static DirectoryFlavour read(SectionReader s, String key, DirectoryFlavour defaultValue) {
        String text = s.string(key, null);
        if (text == null) {
            return defaultValue;
        }
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        Optional<DirectoryFlavour> found = Arrays.stream(DirectoryFlavour.values())
                .filter(f -> of(f).equals(wanted)).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String hint = Suggestions.closest(wanted, all()).map(m -> " (did you mean \"" + m + "\"?)").orElse("");
        s.reject(key, "expected one of " + String.join(", ", all()) + "; got \"" + text + "\"" + hint);
        return defaultValue;
    }
}
