package io.rolegate.engine.api;

import io.rolegate.engine.api.model.EngineException;

import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.testbed.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** "Test connection" against a real (in-memory, over TCP) directory and a closed port: each step's own words. */
class ConnectionChecksTest {
    private static TestDirectory directory;

    @BeforeAll
    static void start() throws Exception {
        directory = TestDirectory.start();
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    @Test
    void aWorkingDirectorySaysWhereItConnectedAndAsWhom() {
        String ok = ConnectionChecks.directory(directory.settings().build());
        assertThat(ok).startsWith("connected to ").contains("bound as " + TestDirectory.SERVICE_DN,
                "userBase and groupBase found");
    }

    @Test
    void aWrongServicePasswordIsABindRefusedWithTheResultCode() {
        var wrong = directory.settings().bind(TestDirectory.SERVICE_DN, Secret.of("not-it")).build();
        assertThatThrownBy(() -> ConnectionChecks.directory(wrong))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("bind refused for " + TestDirectory.SERVICE_DN + ": invalid credentials (49)");
    }

    @Test
    void aMissingBaseIsNamed() {
        var missing = directory.settings().groupBase("ou=nowhere," + TestDirectory.BASE).build();
        assertThatThrownBy(() -> ConnectionChecks.directory(missing))
                .hasMessageContaining("groupBase ou=nowhere," + TestDirectory.BASE);
    }

    @Test
    void aDirectoryNobodyListensOnIsAConnectionRefusedWithItsAddress() throws Exception {
        int closed = TestDirectory.closedPort();
        var down = directory.settings().urls("ldap://127.0.0.1:" + closed).build();
        assertThatThrownBy(() -> ConnectionChecks.directory(down))
                .hasMessage("connection refused to ldap://127.0.0.1:" + closed);
    }

    @Test
    void anUpstreamNobodyListensOnIsAConnectionRefusedWithItsAddress() throws Exception {
        int closed = TestDirectory.closedPort();
        var down = new UpstreamConfig("127.0.0.1", closed, UpstreamTlsMode.DISABLE, null);
        assertThatThrownBy(() -> ConnectionChecks.upstream(down))
                .isInstanceOf(EngineException.class)
                .hasMessage("connection refused to 127.0.0.1:" + closed);
    }
}
