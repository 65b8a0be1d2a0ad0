package io.rolegate.engine.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A whole-file replacement: old or new content, the permissions asked for, and nothing left behind on failure. */
class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheContentWithThePermissionsAskedFor() throws IOException {
        Path key = dir.resolve("server.key");
        Files.writeString(key, "old, longer than the new content");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));

        AtomicFile.replace(key, "new".getBytes(StandardCharsets.UTF_8), AtomicFile.Readers.OWNER_ONLY);

        assertThat(Files.readString(key)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        Path cert = dir.resolve("server.crt");
        AtomicFile.replace(cert, "cert".getBytes(StandardCharsets.UTF_8), AtomicFile.Readers.EVERYONE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cert))).isEqualTo("rw-r--r--");
        assertThat(names()).containsExactlyInAnyOrder("server.key", "server.crt");
    }

    @Test
    void aFailedReplacementKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        // a non-empty folder where the file should go: the rename is refused after the content was written
        Path inTheWay = dir.resolve("admin-token.json");
        Files.createDirectory(inTheWay);
        Files.writeString(inTheWay.resolve("keep"), "kept");

        assertThatThrownBy(() -> AtomicFile.replace(inTheWay, "secret".getBytes(StandardCharsets.UTF_8),
                AtomicFile.Readers.OWNER_ONLY)).isInstanceOf(IOException.class);

        assertThat(Files.readString(inTheWay.resolve("keep"))).isEqualTo("kept");
        assertThat(names()).containsExactly("admin-token.json");
    }

    @Test
    void aMissingFolderIsAnErrorNotAFileSomewhereElse() {
        Path nowhere = dir.resolve("absent").resolve("record");
        assertThatThrownBy(() -> AtomicFile.replace(nowhere, new byte[] {1}, AtomicFile.Readers.OWNER_ONLY))
                .isInstanceOf(IOException.class);
        assertThat(Files.exists(dir.resolve("absent"))).isFalse();
    }

    private java.util.List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
