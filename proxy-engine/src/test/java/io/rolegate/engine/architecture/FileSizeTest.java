package io.rolegate.engine.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files a newcomer can hold in their head (issue 12): no source file of the engine or the console over 400 lines.
 * A file that grows past it is usually two rooms; split it rather than raise the number.
 */
class FileSizeTest {
    private static final int MAX_LINES = 400;

    @Test
    void noMainSourceFileIsOver400Lines() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<String> tooLong;
        try (Stream<Path> files = Stream.of("proxy-engine", "app").map(m -> root.resolve(m).resolve("src/main/java"))
                .filter(Files::isDirectory).flatMap(FileSizeTest::javaFiles)) {
            tooLong = files.filter(f -> lines(f) > MAX_LINES).map(f -> root.relativize(f) + ": " + lines(f))
                    .toList();
        }
        assertThat(tooLong).as("source files over " + MAX_LINES + " lines").isEmpty();
    }

    private static Stream<Path> javaFiles(Path dir) {
        try {
            return Files.walk(dir).filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long lines(Path f) {
        try (Stream<String> l = Files.lines(f)) {
            return l.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
