package io.rolegate.docs;

import java.nio.file.Path;

/** Where the tests find the real documentation: this module's folder and the repository around it. */
final class Repository {
    private Repository() {
    }

    static Path docsDir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    static Path root() {
        return docsDir().getParent();
    }

    static Path readme() {
        return root().resolve("README.md");
    }

    static DocSources sources() {
        return DocSources.scan(docsDir(), readme(), java.util.Map.of(root().resolve("installer/README.md"), "install.html"));
    }
}
