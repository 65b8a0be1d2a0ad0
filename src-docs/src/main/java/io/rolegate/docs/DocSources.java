package io.rolegate.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The pages of the site: every {@code *.md} under the documentation folder (its build output and generator source
 * left out) plus the repository README, each with its place in the site.
 */
public final class DocSources {
    /** The repository README's page in the site. */
    public static final String README_OUTPUT = "readme.html";
    /** The page of the documentation folder's own README (how the site is built), kept apart from the above. */
    public static final String DOCS_README_OUTPUT = "about-these-docs.html";
    private static final List<String> SKIPPED_FOLDERS = List.of("target", "src", "node_modules");

    private final Path docsDir;
    private final Path readme;
    private final Map<Path, DocPage> pages;

    private DocSources(Path docsDir, Path readme, Map<Path, DocPage> pages) {
        this.docsDir = docsDir;
        this.readme = readme;
        this.pages = pages;
    }

    /** Finds the pages under {@code docsDir}; {@code readme} may be null when there is none. */
    public static DocSources scan(Path docsDir, Path readme) {
        return scan(docsDir, readme, Map.of());
    }

    /**
     * As {@link #scan(Path, Path)}, plus Markdown files from elsewhere in the repository (such as the installer's
     * guide), each mapped to its page in the site.
     */
    public static DocSources scan(Path docsDir, Path readme, Map<Path, String> extras) {
        Path root = docsDir.toAbsolutePath().normalize();
        Map<Path, DocPage> found = new LinkedHashMap<>();
        for (Path md : markdownFiles(root)) {
            String relative = root.relativize(md).toString().replace('\\', '/');
            String output = relative.equalsIgnoreCase("README.md") ? DOCS_README_OUTPUT
                    : relative.substring(0, relative.length() - ".md".length()) + ".html";
            found.put(md, new DocPage(md, output));
        }
        Path readmePath = readme == null ? null : readme.toAbsolutePath().normalize();
        if (readmePath != null && Files.isRegularFile(readmePath)) {
            found.put(readmePath, new DocPage(readmePath, README_OUTPUT));
        }
        extras.forEach((source, output) -> {
            Path path = source.toAbsolutePath().normalize();
            if (Files.isRegularFile(path)) {
                found.put(path, new DocPage(path, output));
            }
        });
        return new DocSources(root, readmePath, found);
    }

    private static List<Path> markdownFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            List<Path> files = new ArrayList<>(walk
                    .filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(Files::isRegularFile)
                    .filter(p -> !inSkippedFolder(root, p))
                    .map(Path::normalize)
                    .toList());
            files.sort(Comparator.comparing(Path::toString));
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the pages under " + root, e);
        }
    }

    private static boolean inSkippedFolder(Path root, Path file) {
        Path relative = root.relativize(file);
        return relative.getNameCount() > 1 && SKIPPED_FOLDERS.contains(relative.getName(0).toString());
    }

    public Path docsDir() {
        return docsDir;
    }

    /** The repository README, if there is one. */
    public Optional<Path> readme() {
        return Optional.ofNullable(readme).filter(pages::containsKey);
    }

    /** The images folder ({@code images/} beside the pages); copied as it is. */
    public Path imagesDir() {
        return docsDir.resolve("images");
    }

    public List<DocPage> pages() {
        return List.copyOf(pages.values());
    }

    /** The page made from this Markdown file, if it is one of the site's. */
    public Optional<DocPage> pageFor(Path source) {
        return Optional.ofNullable(pages.get(source.toAbsolutePath().normalize()));
    }
}
