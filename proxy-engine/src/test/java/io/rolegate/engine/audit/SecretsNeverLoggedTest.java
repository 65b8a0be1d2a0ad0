package io.rolegate.engine.audit;

import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.testbed.CapturedLogs;
import io.rolegate.engine.testbed.DataDirectoryScan;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A full run with every kind of secret in play — user passwords (right and wrong), the directory bind password,
 * the admin password, the master key — captured at DEBUG: none of them appears in any log line, audit record,
 * or file the engine wrote besides the key file itself (the H2 store included).
 */
class SecretsNeverLoggedTest {
    @TempDir
    Path dataDir;

    @Test
    void noSecretInLogsAuditOrDataDirectory() throws Exception {
        String wrong = "Wr0ng-but-s3cret";
        try (CapturedLogs logs = CapturedLogs.start();
             TestDirectory ldap = TestDirectory.start();
             TestProxy proxy = TestProxy.start(dataDir, DirectoryProxies.directoryMode(ldap,
                     DirectoryProxies.MAPPINGS, false))) {
            try (Connection c = DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice"))) {
                assertThat(c.isValid(2)).isTrue();
            }
            assertThatThrownBy(() -> DirectoryProxies.login(proxy, "alice", wrong).close());
            List<?> records = proxy.engine().audit().records(AuditQuery.all());
            assertThat(records).isNotEmpty();
            String masterKey = Files.readString(dataDir.resolve("master.key")).strip();
            List<String> secrets = List.of(TestDirectory.password("alice"), wrong, TestDirectory.SERVICE_PASSWORD,
                    TestPostgres.PASSWORD, masterKey);
            String everything = logs.text() + records;
            assertThat(logs.lines()).as("the run did log").isPositive();
            for (String secret : secrets) {
                assertThat(everything).as("a secret in logs or audit").doesNotContain(secret);
            }
            proxy.close();
            DataDirectoryScan.assertNoFileHolds(dataDir, secrets, p -> p.endsWith("master.key"));
        }
    }
}
