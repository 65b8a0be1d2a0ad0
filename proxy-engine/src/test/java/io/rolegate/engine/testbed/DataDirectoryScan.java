package io.rolegate.engine.testbed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Searches the bytes of every file under a folder for secrets, as UTF-8 and as UTF-16 (how H2 may keep text). */
public final class DataDirectoryScan {
    private DataDirectoryScan() {
    }

    public static void assertNoFileHolds(Path dir, List<String> secrets, Predicate<Path> skip) throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).filter(skip.negate()).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                for (String secret : secrets) {
                    for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16BE,
                            StandardCharsets.UTF_16LE)) {
                        assertThat(indexOf(bytes, secret.getBytes(charset))).as("%s holds a secret (%s)", f, charset)
                                .isEqualTo(-1);
                    }
                }
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
