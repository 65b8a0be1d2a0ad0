package io.rolegate.engine.audit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rolegate.engine.directory.TestDirectory;
import io.rolegate.engine.store.audit.AuditQuery;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;

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
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger rolegate = context.getLogger("io.rolegate");
        Level before = rolegate.getLevel();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        root.addAppender(captured);
        rolegate.setLevel(Level.DEBUG);
        String wrong = "Wr0ng-but-s3cret";
        try (TestDirectory ldap = TestDirectory.start();
             TestProxy proxy = TestProxy.start(dataDir, DirectoryProxies.directoryMode(ldap,
                     DirectoryProxies.MAPPINGS, false))) {
            try (Connection c = DirectoryProxies.login(proxy, "alice", TestDirectory.password("alice"))) {
                assertThat(c.isValid(2)).isTrue();
            }
            assertThatThrownBy(() -> DirectoryProxies.login(proxy, "alice", wrong).close());
            List<?> records = proxy.engine().auditRecords(AuditQuery.all());
            assertThat(records).isNotEmpty();
            String masterKey = Files.readString(dataDir.resolve("master.key")).strip();
            List<String> secrets = List.of(TestDirectory.password("alice"), wrong, TestDirectory.SERVICE_PASSWORD,
                    TestPostgres.PASSWORD, masterKey);
            StringBuilder everything = new StringBuilder();
            List<ILoggingEvent> events;
            synchronized (captured) { // AppenderBase.doAppend holds this lock: the engine's threads still log
                events = new java.util.ArrayList<>(captured.list);
            }
            for (ILoggingEvent e : events) {
                everything.append(e.getFormattedMessage()).append('\n');
                if (e.getThrowableProxy() != null) {
                    everything.append(e.getThrowableProxy().getMessage()).append('\n');
                }
            }
            everything.append(records);
            assertThat(events).as("the run did log").isNotEmpty();
            for (String secret : secrets) {
                assertThat(everything.toString()).as("a secret in logs or audit").doesNotContain(secret);
            }
            proxy.close();
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path f : files.filter(Files::isRegularFile).filter(p -> !p.endsWith("master.key")).toList()) {
                    String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                    for (String secret : secrets) {
                        assertThat(content).as("a secret in %s", f).doesNotContain(secret);
                    }
                }
            }
        } finally {
            root.detachAppender(captured);
            rolegate.setLevel(before);
        }
    }
}
