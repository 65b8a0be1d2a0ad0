package io.rolegate.console.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DemoConnectFileTest {
    private static final InetSocketAddress PROXY = InetSocketAddress.createUnresolved("127.0.0.1", 41107);

    @Test
    void aShellThatSourcesTheFileGetsEveryValueBackExactly(@TempDir Path dir) throws Exception {
        String awkward = "it's $HOME `id` \"x\" \\";
        Path file = dir.resolve("demo.env");
        DemoConnectFile.write(file, DemoConnectFile.lines(PROXY, "alice", awkward, "sales"));

        Process sh = new ProcessBuilder("sh", "-c",
                ". \"$1\" && printf '%s|%s|%s|%s|%s|%s' \"$PGHOST\" \"$PGPORT\" \"$PGUSER\" \"$PGPASSWORD\""
                        + " \"$PGDATABASE\" \"$PGSSLMODE\"", "sh", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).as(out).isZero();
        assertThat(out).isEqualTo("127.0.0.1|41107|alice|" + awkward + "|sales|require");
    }

    @Test
    void theFileIsReadableByItsOwnerOnlyAndReplacesAnOlderOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nested/demo.env");
        DemoConnectFile.write(file, List.of("OLD=1"));
        DemoConnectFile.write(file, DemoConnectFile.lines(PROXY, "alice", "pw", "sales"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readAllLines(file)).contains("PGUSER='alice'").doesNotContain("OLD=1");
        try (var left = Files.list(file.getParent())) {
            assertThat(left).as("no partial file left behind").containsExactly(file);
        }
    }
}
