package io.rolegate.docs;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes the files an example names exist, so that it can be loaded on a machine that has none of them: every value
 * of a file-valued key (certificates, keys, CA bundles, {@code {file: ...}} secrets) gets a one-line dummy file
 * with mode 600 under a temporary folder, and absolute paths in the text are moved under that folder. The loader
 * only checks that such files exist and are readable (and, for secrets, private and not empty); their content is
 * read when the engine starts, which this check does not do.
 */
final class ExampleFiles {
    private static final Set<String> FILE_KEYS = Set.of("certificate", "key", "rootCert", "trustCa", "file");

    private ExampleFiles() {
    }

    /** The example's text with absolute file paths moved under {@code dir}, after creating every file it names. */
    static String materialize(String yaml, Path dir) throws IOException {
        Set<String> paths = new LinkedHashSet<>();
        try {
            for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(yaml)) {
                collect(document, paths);
            }
        } catch (YamlEngineException notYaml) {
            // Not YAML at all: no files to make. The loader reports the very same error, with its line.
            return yaml;
        }
        String text = yaml;
        for (String path : paths) {
            Path file = dir.resolve(path.startsWith("/") ? path.substring(1) : path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "dummy\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            if (path.startsWith("/")) {
                text = text.replace(path, file.toString());
            }
        }
        return text;
    }

    private static void collect(Object node, Set<String> paths) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (FILE_KEYS.contains(String.valueOf(k)) && v instanceof String s && !s.contains("${")) {
                    paths.add(s);
                } else {
                    collect(v, paths);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, paths));
        }
    }
}
