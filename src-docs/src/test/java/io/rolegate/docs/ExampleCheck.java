package io.rolegate.docs;

import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.config.ConfigLoader;
import io.rolegate.engine.config.RolegateConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads an example with the engine's own {@link ConfigLoader}: every {@code ${VAR}} reads a dummy value, named
 * files exist (see {@link ExampleFiles}), relative paths start from a temporary folder.
 */
final class ExampleCheck {
    private ExampleCheck() {
    }

    static String dummyEnvironment(String name) {
        return "dummy-value-of-" + name;
    }

    /** The loaded configuration; a {@link ConfigException} lists every problem with its line in the example. */
    static RolegateConfig load(String yaml, String sourceName, Path tempDir) throws IOException {
        Path dir = Files.createTempDirectory(tempDir, "example");
        String text = ExampleFiles.materialize(yaml, dir);
        return new ConfigLoader(ExampleCheck::dummyEnvironment).load(text, sourceName, dir);
    }
}
