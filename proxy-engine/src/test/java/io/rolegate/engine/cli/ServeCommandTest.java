package io.rolegate.engine.cli;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.Configurations;
import io.rolegate.engine.config.RolegateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Running the proxy: data directory, start failures, and stopping on a signal with the configured grace. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<RolegateConfig> built = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Runnable> shutdownHooks = new LinkedBlockingQueue<>();
    private final FakeEngine engine = new FakeEngine();

    private int run(String... args) {
        Main main = new Main(env::get, dir.resolve("home"), (cfg, dataDir) -> {
            built.add(Configurations.unwrap(cfg));
            return engine;
        }, shutdownHooks::add);
        return main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsUntilTheShutdownHookStopsItWithTheConfiguredGrace() throws Exception {
        Path cfg = Files.writeString(dir.resolve("r.yaml"), "limits:\n  shutdownGrace: 3s\n  drainDelay: 2s\n");
        Path data = dir.resolve("data");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> run("--config", cfg.toString(), "--data-dir", data.toString()));

        Runnable hook = shutdownHooks.poll(10, TimeUnit.SECONDS);
        assertThat(hook).as("a shutdown hook is installed once the engine runs").isNotNull();
        assertThat(engine.started).isTrue();
        assertThat(exit).as("still serving until asked to stop").isNotDone();

        hook.run(); // what SIGTERM does
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThat(engine.stoppedWith).containsExactly(Duration.ofSeconds(3));
        assertThat(engine.drainedFor).as("SIGTERM drains first, for limits.drainDelay")
                .containsExactly(Duration.ofSeconds(2));
        assertThat(built).singleElement().satisfies(c -> assertThat(c.limits().shutdownGrace())
                .isEqualTo(Duration.ofSeconds(3)));
        assertThat(data).isDirectory();
    }

    @Test
    void engineThatCannotStartExitsOneWithItsMessage() {
        engine.failure = new EngineException("cannot listen on 127.0.0.1:6432: address already in use");
        env.put(DataDirectory.ENV_VAR, dir.resolve("d").toString());
        assertThat(run()).isEqualTo(1);
        assertThat(err()).isEqualTo("rolegate: cannot listen on 127.0.0.1:6432: address already in use"
                + System.lineSeparator());
        assertThat(shutdownHooks).isEmpty();
    }

    @Test
    void badConfigExitsTwoBeforeAnyEngineIsBuilt() throws IOException {
        Path cfg = Files.writeString(dir.resolve("r.yaml"), "listen:\n  port: many\n");
        assertThat(run("--config", cfg.toString())).isEqualTo(2);
        assertThat(err()).contains("line 2: listen.port: expected a whole number, got \"many\"");
        assertThat(built).isEmpty();
    }

    @Test
    void dataDirectoryThatIsAFileIsAStartFailure() throws IOException {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        assertThat(run("--data-dir", notADir.toString())).isEqualTo(1);
        assertThat(err()).contains("rolegate: cannot create data directory " + notADir, "is not a directory");
        assertThat(built).isEmpty();
    }

    @Test
    void dataDirectoryComesFromTheOptionThenTheEnvironmentThenHome() {
        Path home = dir.resolve("home");
        assertThat(DataDirectory.choose(java.util.Optional.of("/srv/rg"), env::get, home)).isEqualTo(Path.of("/srv/rg"));
        env.put(DataDirectory.ENV_VAR, "/var/lib/rolegate");
        assertThat(DataDirectory.choose(java.util.Optional.empty(), env::get, home))
                .isEqualTo(Path.of("/var/lib/rolegate"));
        env.put(DataDirectory.ENV_VAR, " ");
        assertThat(DataDirectory.choose(java.util.Optional.empty(), env::get, home)).isEqualTo(home.resolve(".rolegate"));
    }

    @Test
    void newDataDirectoryIsPrivateToItsOwner() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        Path created = DataDirectory.ensureExists(dir.resolve("fresh/.rolegate"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created))).isEqualTo("rwx------");
    }

    /** Records what the runner asks of the engine; fails {@code start} when told to. */
    private static final class FakeEngine implements EngineHandle {
        volatile boolean started;
        volatile EngineException failure;
        final List<Duration> stoppedWith = new CopyOnWriteArrayList<>();
        final List<Duration> drainedFor = new CopyOnWriteArrayList<>();
        final List<String> secretsStored = new CopyOnWriteArrayList<>();

        @Override
        public void start() {
            if (failure != null) {
                throw failure;
            }
            started = true;
        }

        @Override
        public InetSocketAddress listenAddress() {
            return new InetSocketAddress("127.0.0.1", 6432);
        }

        @Override
        public void stop(Duration grace) {
            stoppedWith.add(grace);
        }

        @Override
        public void drainAndStop(Duration drainDelay, Duration grace) {
            drainedFor.add(drainDelay);
            stop(grace);
        }
    }
}
