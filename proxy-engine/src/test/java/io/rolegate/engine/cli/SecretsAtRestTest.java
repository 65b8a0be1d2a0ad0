package io.rolegate.engine.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rolegate.engine.config.SecretFields;
import io.rolegate.engine.directory.Secret;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.StoreException;
import io.rolegate.engine.store.audit.AuditEventType;
import io.rolegate.engine.store.audit.AuditQuery;
import io.rolegate.engine.store.secret.MasterKey;
import io.rolegate.engine.store.secret.StoredSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bind password written literally in an imported YAML file is sealed in the store under the master key: the
 * engine can read it back, but it is in no byte of the data directory, no export and no log line.
 */
class SecretsAtRestTest {
    private static final String BIND_SECRET = "Lit3ral-Bind-Pw-7731";
    private static final String ADMIN_SECRET = "Lit3ral-Admin-Pw-5519";

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    private CliRun run(String... args) {
        env.put("ROLEGATE_DATA_DIR", dir.resolve("data").toString());
        return CliRun.run(env, dir.resolve("home"), args);
    }

    @Test
    void aLiteralBindPasswordIsSealedAndAppearsInNoFileExportOrLog() throws Exception {
        Path yaml = Files.writeString(dir.resolve("rolegate.yaml"), """
                listen:
                  allowCleartextOnLoopback: true
                upstream:
                  admin: {user: rolegate_admin, password: "%s", database: postgres}
                auth:
                  mode: directory
                directory:
                  urls: [ldap://127.0.0.1:3899]
                  bindDn: cn=rolegate,ou=service,dc=example,dc=org
                  bindPassword: %s
                  userBase: ou=people,dc=example,dc=org
                  groupBase: ou=groups,dc=example,dc=org
                """.formatted(ADMIN_SECRET, BIND_SECRET));
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = logs.getLogger(Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(logs);
        captured.start();
        root.addAppender(captured);
        root.setLevel(Level.DEBUG);
        try {
            CliRun imported = run("config", "import", "--config", yaml.toString(), "--author", "dba1");
            assertThat(imported.code).as(imported.toString()).isZero();
            assertThat(imported.out).contains("stored encrypted under the master key",
                    SecretFields.DIRECTORY_BIND_PASSWORD, SecretFields.UPSTREAM_ADMIN_PASSWORD);

            CliRun export = run("config", "export", "--from-store");
            assertThat(export.code).isZero();
            assertThat(export.out).contains("bindPassword: '${ROLEGATE_LDAP_PASSWORD}'")
                    .doesNotContain(BIND_SECRET).doesNotContain(ADMIN_SECRET);

            Path data = dir.resolve("data");
            try (Store store = Store.openDataDirectory(data)) {
                StoredSecrets secrets = new StoredSecrets(store.connections(),
                        MasterKey.fromFile(data.resolve(MasterKey.DATA_DIR_FILE)));
                assertThat(secrets.names()).containsExactly(SecretFields.DIRECTORY_BIND_PASSWORD,
                        SecretFields.UPSTREAM_ADMIN_PASSWORD);
                assertThat(secrets.get(SecretFields.DIRECTORY_BIND_PASSWORD)).contains(Secret.of(BIND_SECRET));
                assertThat(store.audit().query(AuditQuery.all().type(AuditEventType.CONFIG_CHANGED)))
                        .anySatisfy(r -> assertThat(r.event().message()).startsWith("stored directory.bindPassword"))
                        .allSatisfy(r -> assertThat(r.event().toString()).doesNotContain(BIND_SECRET));
            }
            assertThat(captured.list).as("the run did log").isNotEmpty();
            for (ILoggingEvent e : captured.list) {
                assertThat(e.getFormattedMessage() + e.getThrowableProxy()).doesNotContain(BIND_SECRET)
                        .doesNotContain(ADMIN_SECRET);
            }
            assertThat(imported.out + imported.err + export.err).doesNotContain(BIND_SECRET);
            assertNoFileHolds(data, BIND_SECRET);
            assertNoFileHolds(data, ADMIN_SECRET);
        } finally {
            root.detachAppender(captured);
            root.setLevel(level);
        }
    }

    @Test
    void aSealedSecretDoesNotOpenUnderAnotherKeyOrAnotherName() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        try (Store store = Store.openDataDirectory(data)) {
            MasterKey key = MasterKey.forDataDirectory(data, name -> null);
            new StoredSecrets(store.connections(), key).put("directory.bindPassword", Secret.of(BIND_SECRET), "t");
            try (var c = store.connections().open(); var st = c.createStatement()) {
                st.executeUpdate("INSERT INTO stored_secret SELECT 'upstream.admin.password', sealed, updated_at,"
                        + " updated_by FROM stored_secret WHERE name = 'directory.bindPassword'");
            }
            assertThatThrownBy(() -> new StoredSecrets(store.connections(), key).get("upstream.admin.password"))
                    .isInstanceOf(StoreException.class).hasMessageContaining("cannot decrypt");
            MasterKey other = MasterKey.forDataDirectory(Files.createDirectories(dir.resolve("elsewhere")),
                    name -> null);
            assertThatThrownBy(() -> new StoredSecrets(store.connections(), other).get("directory.bindPassword"))
                    .isInstanceOf(StoreException.class).hasMessageContaining("not the one it was encrypted with")
                    .hasMessageNotContaining(BIND_SECRET);
        }
    }

    /** Every file under {@code dir}, as UTF-8 and as UTF-16 (how H2 may keep strings), lacks {@code secret}. */
    private static void assertNoFileHolds(Path dir, String secret) throws Exception {
        byte[][] forms = {secret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_16BE),
            secret.getBytes(StandardCharsets.UTF_16LE)};
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                for (byte[] form : forms) {
                    assertThat(indexOf(bytes, form)).as(f + " holds the secret").isEqualTo(-1);
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
