package io.rolegate.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The few file operations the site needs, failing loudly with the path involved. */
final class SiteFiles {
    private SiteFiles() {
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
    }

    /** Copies a folder with everything in it; nothing happens when it does not exist. */
    static void copyTree(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            return;
        }
        for (Path p : list(from)) {
            if (Files.isRegularFile(p)) {
                copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> all = list(dir);
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            try {
                Files.delete(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + p, e);
            }
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new java.util.ArrayList<>(walk.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }
}
