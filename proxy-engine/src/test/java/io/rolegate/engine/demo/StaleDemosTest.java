package io.rolegate.engine.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Old demo directories go; young ones, locked ones and other programs' directories stay. */
class StaleDemosTest {
    @TempDir
    Path tmp;

    private Path demo(String name, Duration age) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name).resolve("engine"));
        Files.writeString(dir.resolve("rolegate.lock"), "");
        Files.writeString(dir.resolve("rolegate.mv.db"), "data");
        Files.setLastModifiedTime(tmp.resolve(name), FileTime.from(Instant.now().minus(age)));
        return tmp.resolve(name);
    }

    @Test
    void removesOnlyOldUnlockedDemoDirectories() throws Exception {
        Path old = demo("rolegate-demo111", Duration.ofHours(3));
        Path young = demo("rolegate-demo222", Duration.ofMinutes(1));
        Path running = demo("rolegate-demo333", Duration.ofHours(3));
        Path other = Files.createDirectories(tmp.resolve("someone-else"));
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        try (FileChannel channel = FileChannel.open(running.resolve("engine").resolve("rolegate.lock"),
                StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            assertThat(held.isValid()).isTrue();
            assertThat(StaleDemos.sweep(tmp, Instant.now())).isEqualTo(1);
        }
        assertThat(old).doesNotExist();
        assertThat(young).exists();
        assertThat(running).exists();
        assertThat(other).exists();
    }
}
