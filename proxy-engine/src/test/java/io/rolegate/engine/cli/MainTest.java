package io.rolegate.engine.cli;

import io.rolegate.engine.config.ConfigLoader;
import io.rolegate.engine.config.RolegateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: help, version, usage errors and the config subcommands, with their exit codes. */
class MainTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        Main main = new Main(env::get, dir.resolve("home"), (cfg, dataDir) -> {
            throw new AssertionError("these commands must not build an engine");
        }, work -> {
            throw new AssertionError("these commands must not install shutdown hooks");
        });
        return main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void helpListsOptionsAndCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out()).startsWith("Usage: java -jar rolegate-proxy.jar [--config FILE] [--data-dir DIR]")
                .contains("config check --config FILE", "config export [--config FILE]",
                        "--config FILE", "--data-dir DIR", "--version", "--help", "ROLEGATE_DATA_DIR");
        assertThat(err()).isEmpty();
    }

    @Test
    void shortHelpAndHelpAfterACommand() {
        assertThat(run("-h")).isZero();
        assertThat(out()).contains("Commands:");
        out.reset();
        assertThat(run("config", "check", "--help")).isZero();
        assertThat(out()).contains("Commands:");
    }

    @Test
    void versionIsDevOutsideAJar() {
        assertThat(run("--version")).isZero();
        assertThat(out()).isEqualTo("rolegate dev" + System.lineSeparator());
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err()).contains("rolegate: unknown option --bogus", "--help");
        assertThat(out()).isEmpty();
    }

    @Test
    void optionWithoutItsValueIsAUsageError() {
        assertThat(run("--config")).isEqualTo(2);
        assertThat(err()).contains("option --config needs a value: --config FILE");
    }

    @Test
    void optionGivenTwiceIsAUsageError() {
        assertThat(run("--config=a.yaml", "--config", "b.yaml")).isEqualTo(2);
        assertThat(err()).contains("option --config is given twice");
    }

    @Test
    void unknownCommandsAreUsageErrors() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).contains("unknown command \"frobnicate\"; commands: demo, config check, config export");
        err.reset();
        assertThat(run("config")).isEqualTo(2);
        assertThat(err()).contains("config needs a subcommand: check, export");
        err.reset();
        assertThat(run("config", "lint")).isEqualTo(2);
        assertThat(err()).contains("unknown subcommand \"lint\" of config; choose one of check, export");
    }

    @Test
    void optionThatDoesNotApplyToTheCommand() {
        assertThat(run("config", "check", "--from-store", "--config", "a.yaml")).isEqualTo(2);
        assertThat(err()).contains("option --from-store does not apply to config check");
    }

    @Test
    void configCheckSaysOkForAGoodFile() throws IOException {
        Path good = file("good.yaml", "listen:\n  port: 7000\n");
        assertThat(run("config", "check", "--config", good.toString(), "--data-dir", dir.resolve("d").toString()))
                .isZero();
        assertThat(out()).startsWith("ok" + System.lineSeparator()).contains("no record of the configuration "
                + dir.resolve("d") + " last started with", "the file applies and is saved as the newest");
        assertThat(err()).isEmpty();
    }

    @Test
    void configCheckPrintsEveryProblemToStderr() throws IOException {
        Path bad = file("bad.yaml", "listen:\n  port: 70000\n  tls:\n    mode: sometimes\nauth:\n  mdoe: x\n");
        assertThat(run("config", "check", "--config=" + bad)).isEqualTo(2);
        assertThat(err()).contains(bad + ": 3 problems",
                "line 2: listen.port: must be between 0 and 65535",
                "line 4: listen.tls.mode: expected one of off, optional, required",
                "line 6: unknown key \"auth.mdoe\" (did you mean \"mode\"?)");
        assertThat(out()).isEmpty();
    }

    @Test
    void configCheckNeedsAFile() {
        assertThat(run("config", "check")).isEqualTo(2);
        assertThat(err()).contains("config check needs the file to check: --config FILE");
    }

    @Test
    void configCheckOfAMissingFile() {
        assertThat(run("config", "check", "--config", dir.resolve("absent.yaml").toString())).isEqualTo(2);
        assertThat(err()).contains("file not found: " + dir.resolve("absent.yaml"));
    }

    @Test
    void configCheckResolvesEnvironmentVariables() throws IOException {
        Path f = file("env.yaml", "upstream:\n  host: ${PGHOST}\n");
        assertThat(run("config", "check", "--config", f.toString())).isEqualTo(2);
        assertThat(err()).contains("line 2: upstream.host: environment variable PGHOST is not set");
        err.reset();
        env.put("PGHOST", "db.internal");
        assertThat(run("config", "check", "--config", f.toString())).isZero();
    }

    @Test
    void configExportWithoutAFilePrintsTheDefaults() {
        assertThat(run("config", "export")).isZero();
        RolegateConfig exported = new ConfigLoader(name -> null).load(out(), "stdout", dir);
        assertThat(exported).isEqualTo(RolegateConfig.defaults());
        assertThat(out()).startsWith("listen:\n  host: 127.0.0.1\n");
    }

    @Test
    void configExportFillsInDefaultsAroundTheFile() throws IOException {
        Path f = file("small.yaml", "upstream:\n  host: pg.example.com\nlimits:\n  shutdownGrace: 30s\n");
        assertThat(run("config", "export", "--config", f.toString())).isZero();
        RolegateConfig exported = new ConfigLoader(name -> null).load(out(), "stdout", dir);
        assertThat(exported).isEqualTo(new ConfigLoader(name -> null).load(f));
        assertThat(out()).contains("host: pg.example.com", "shutdownGrace: 30s", "maxClientConnections: 10000");
    }

    @Test
    void configExportOfABrokenFileExitsTwoAndPrintsNothing() throws IOException {
        Path f = file("broken.yaml", "limits:\n  startupTimeout: 15\n");
        assertThat(run("config", "export", "--config", f.toString())).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("line 2: limits.startupTimeout: \"15\" has no unit");
    }
}
