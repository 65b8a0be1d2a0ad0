package io.rolegate.engine.cli;

import io.rolegate.engine.api.Configurations;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a literal secret was imported once, the file can hold only the export's ${ROLEGATE_...} reference: the
 * runner fills an unset reference from the copy sealed in the store.
 */
class SealedSecretStartTest {
    private static final String BIND_SECRET = "Lit3ral-Bind-Pw-2208";
    private static final String ADMIN_SECRET = "Lit3ral-Admin-Pw-8127";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private final List<RolegateConfig> built = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Runnable> shutdownHooks = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void anUnsetExportReferenceIsFilledFromTheSealedCopy() throws Exception {
        Path data = dir.resolve("data");
        env.put("ROLEGATE_DATA_DIR", data.toString());
        Path literal = Files.writeString(dir.resolve("literal.yaml"),
                directoryYaml("\"" + ADMIN_SECRET + "\"", BIND_SECRET));
        assertThat(CliRun.run(env, dir.resolve("home"), "config", "import", "--config", literal.toString()).code)
                .isZero();
        CliRun export = CliRun.run(env, dir.resolve("home"), "config", "export", "--from-store");
        Path referencing = Files.writeString(dir.resolve("exported.yaml"), export.out);
        assertThat(export.out).doesNotContain(BIND_SECRET);

        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> serve(referencing, data));
        Runnable hook = shutdownHooks.poll(20, TimeUnit.SECONDS);
        assertThat(hook).as("the engine started; stderr: %s", err).isNotNull();
        hook.run();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();

        assertThat(built).singleElement().satisfies(c -> {
            assertThat(c.directory().bindPassword()).isEqualTo(Secret.of(BIND_SECRET));
            assertThat(c.upstream().admin().password()).isEqualTo(Secret.of(ADMIN_SECRET));
        });
    }

    @Test
    void withoutASealedCopyAnUnsetReferenceIsStillAProblem() throws Exception {
        Path referencing = Files.writeString(dir.resolve("refs.yaml"),
                directoryYaml("\"${ROLEGATE_ADMIN_PASSWORD}\"", "${ROLEGATE_LDAP_PASSWORD}"));

        assertThat(serve(referencing, dir.resolve("empty-data"))).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("ROLEGATE_LDAP_PASSWORD");
        assertThat(built).isEmpty();
    }

    /** A directory-mode configuration with the two passwords as given (literal, or a reference). */
    static String directoryYaml(String adminPassword, String bindPassword) {
        return """
                listen:
                  allowCleartextOnLoopback: true
                upstream:
                  admin: {user: rolegate_admin, password: %s, database: postgres}
                auth:
                  mode: directory
                directory:
                  urls: [ldap://127.0.0.1:3899]
                  bindDn: cn=rolegate,ou=service,dc=example,dc=org
                  bindPassword: %s
                  userBase: ou=people,dc=example,dc=org
                  groupBase: ou=groups,dc=example,dc=org
                """.formatted(adminPassword, bindPassword);
    }

    private int serve(Path config, Path data) {
        Main main = new Main(env::get, dir.resolve("home"), (cfg, dataDir) -> {
            built.add(Configurations.unwrap(cfg));
            return new RecordingEngine();
        }, shutdownHooks::add);
        return main.run(new String[] {"--config", config.toString(), "--data-dir", data.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Starts and stops without a socket; the test reads the configuration the runner built it with. */
    private static final class RecordingEngine implements EngineHandle {
        @Override
        public void start() {
        }

        @Override
        public InetSocketAddress listenAddress() {
            return new InetSocketAddress("127.0.0.1", 6432);
        }

        @Override
        public void stop(Duration grace) {
        }
    }
}
