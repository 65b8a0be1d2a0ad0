package io.rolegate.engine.directory;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.testbed.TestDirectory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever happens, neither a user's password nor the service account's reaches the log. */
class DirectoryLoggingTest {
    @Test
    void passwordsNeverLogged() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger("io.rolegate");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Level before = logger.getLevel();
        logger.setLevel(Level.TRACE);
        String userPassword = "Tr0ub4dor-user-secret";
        String servicePassword = "Tr0ub4dor-service-secret";
        try (TestDirectory ldap = TestDirectory.start()) {
            try (Directory directory = Directory.open(ldap.settings().build())) {
                directory.authenticate("alice", userPassword.toCharArray());
                directory.authenticate("erin", userPassword.toCharArray());
            }
            // A wrong service password and a dead server both produce "unavailable" warnings.
            try (Directory wrongService = Directory.open(ldap.settings()
                    .bind(TestDirectory.SERVICE_DN, Secret.of(servicePassword)).build())) {
                wrongService.authenticate("alice", userPassword.toCharArray());
            }
            String down = "ldap://127.0.0.1:" + TestDirectory.closedPort();
            try (Directory dead = Directory.open(ldap.settings().urls(down)
                    .bind(TestDirectory.SERVICE_DN, Secret.of(servicePassword)).build())) {
                dead.authenticate("alice", userPassword.toCharArray());
            }
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(before);
        }
        assertThat(appender.list).as("something was logged, or this test proves nothing").isNotEmpty();
        for (ILoggingEvent event : appender.list) {
            String text = event.getFormattedMessage() + (event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage());
            assertThat(text).doesNotContain(userPassword).doesNotContain(servicePassword);
        }
    }
}
