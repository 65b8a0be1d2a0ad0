package io.rolegate.engine.cli;

import io.rolegate.engine.config.SecretFields;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.store.Store;
import io.rolegate.engine.store.common.StoreException;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.store.secret.MasterKey;
import io.rolegate.engine.store.secret.StoredSecrets;
import io.rolegate.engine.testbed.CapturedLogs;
import io.rolegate.engine.testbed.DataDirectoryScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
        Path yaml = Files.writeString(dir.resolve("rolegate.yaml"),
                SealedSecretStartTest.directoryYaml("\"" + ADMIN_SECRET + "\"", BIND_SECRET));
        try (CapturedLogs logs = CapturedLogs.start()) {
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
            assertThat(logs.lines()).as("the run did log").isPositive();
            assertThat(logs.text() + imported.out + imported.err + export.err).doesNotContain(BIND_SECRET)
                    .doesNotContain(ADMIN_SECRET);
            DataDirectoryScan.assertNoFileHolds(data, List.of(BIND_SECRET, ADMIN_SECRET), f -> false);
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
}
