package io.rolegate.console.common;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** A kind of file a chooser offers, e.g. {@code FileType.of("CSV", "csv")}; the first extension is the usual one. */
public record FileType(String description, List<String> extensions) {
    public FileType {
        extensions = List.copyOf(extensions);
        if (extensions.isEmpty()) {
            throw new IllegalArgumentException("a file type needs at least one extension: " + description);
        }
    }

    public static FileType of(String description, String... extensions) {
        return new FileType(description, List.of(extensions));
    }

    /** Whether {@code file}'s name ends with one of this type's extensions (any case). */
    public boolean matches(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return extensions.stream().anyMatch(e -> name.endsWith("." + e.toLowerCase(Locale.ROOT)));
    }
}
