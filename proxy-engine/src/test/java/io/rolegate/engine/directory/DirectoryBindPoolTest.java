package io.rolegate.engine.directory;

import io.rolegate.engine.testbed.TestDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.rolegate.engine.testbed.TestDirectory.password;
import static org.assertj.core.api.Assertions.assertThat;

/** User binds run on a pool of their own connections, reused from login to login, against a real listener. */
class DirectoryBindPoolTest {
    private static TestDirectory ldap;

    @BeforeAll
    static void start() throws Exception {
        ldap = TestDirectory.start();
    }

    @AfterAll
    static void stop() {
        ldap.close();
    }

    @Test
    void sequentialLoginsShareOneBindConnection() {
        try (Directory directory = Directory.open(ldap.settings().build())) {
            for (int i = 0; i < 20; i++) {
                assertThat(directory.authenticate("alice", password("alice").toCharArray()))
                        .isInstanceOf(AuthResult.Authenticated.class);
                assertThat(directory.authenticate("bob", "wrong".toCharArray()))
                        .isInstanceOf(AuthResult.InvalidCredentials.class);
            }
            assertThat(directory.bindConnectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void aRefusedBindLeavesNothingForTheNextLogin() {
        try (Directory directory = Directory.open(ldap.settings().build())) {
            assertThat(directory.authenticate("alice", password("alice").toCharArray()))
                    .isInstanceOf(AuthResult.Authenticated.class);
            // The pooled connection is now bound as alice: bob's wrong password must still be refused on it.
            assertThat(directory.authenticate("bob", password("alice").toCharArray()))
                    .isInstanceOf(AuthResult.InvalidCredentials.class);
            assertThat(directory.authenticate("bob", password("bob").toCharArray()))
                    .isInstanceOf(AuthResult.Authenticated.class);
            assertThat(directory.bindConnectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionTheServerClosedWhileIdleIsReplacedNotReported() {
        try (TestDirectory own = TestDirectory.start();
             Directory directory = Directory.open(own.settings().build())) {
            assertThat(directory.authenticate("alice", password("alice").toCharArray()))
                    .isInstanceOf(AuthResult.Authenticated.class);
            own.server().closeAllConnections(false); // as an idle timeout on the server would
            assertThat(directory.authenticate("alice", password("alice").toCharArray()))
                    .isInstanceOf(AuthResult.Authenticated.class);
            assertThat(directory.bindConnectionsOpened()).isGreaterThanOrEqualTo(2);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void concurrentLoginsOpenAsManyConnectionsAsTheyNeedAndAllDecideRight() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Directory directory = Directory.open(ldap.settings().poolSize(2).build())) {
            List<Future<AuthResult>> right = new ArrayList<>();
            List<Future<AuthResult>> wrong = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                right.add(pool.submit((Callable<AuthResult>) () ->
                        directory.authenticate("alice", password("alice").toCharArray())));
                wrong.add(pool.submit((Callable<AuthResult>) () ->
                        directory.authenticate("alice", password("bob").toCharArray())));
            }
            for (Future<AuthResult> f : right) {
                assertThat(f.get()).isInstanceOf(AuthResult.Authenticated.class);
            }
            for (Future<AuthResult> f : wrong) {
                assertThat(f.get()).isInstanceOf(AuthResult.InvalidCredentials.class);
            }
            assertThat(directory.bindConnectionsOpened()).isBetween(1L, 80L);
        } finally {
            pool.shutdownNow();
        }
    }
}
