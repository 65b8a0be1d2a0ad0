package io.rolegate.engine.session;

import io.rolegate.engine.config.LoginQueueConfig;
import io.rolegate.engine.testbed.DirectoryProxies;
import io.rolegate.engine.testbed.RawClient;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The login queue's "waited too long for a worker" refusal (53300) is about the queue, not the client: a client
 * that is slow before its login reaches a worker (a far-away network, a TLS handshake on a loaded machine, a person
 * typing the password) is not refused as "server busy" while no login waits. The soak's one failed revocation trial
 * was this: a fresh JVM client at load 30 answered the password request late and was told "2 logins are under way,
 * this one waited 11 s for a worker", although nothing was queued.
 */
class SlowClientAdmissionTest {
    @TempDir
    Path dataDir;

    @Test
    void aClientThatAnswersThePasswordRequestLateIsNotRefusedAsBusy() throws Exception {
        try (TestDirectory ldap = TestDirectory.start(InetAddress.getLoopbackAddress());
             TestProxy proxy = TestProxy.start(dataDir, c -> {
                 var d = DirectoryProxies.directoryMode(ldap, DirectoryProxies.MAPPINGS, true).apply(c);
                 var q = d.limits().loginQueue();
                 return d.withLimits(d.limits().withStartupTimeout(Duration.ofSeconds(60))
                         .withLoginQueue(new LoginQueueConfig(q.workers(), q.adminConnections(), q.maxWaiting(),
                                 Duration.ofSeconds(1))));
             });
             RawClient client = new RawClient(proxy.port())) {
            client.send(RawClient.startup(196608, Map.of("user", "bob", "database", "appdb")));
            RawClient.Message ask = client.read();
            assertThat(ask.type()).isEqualTo('R');
            assertThat(ask.intAt(0)).as("AuthenticationCleartextPassword").isEqualTo(3);

            Thread.sleep(2_500); // longer than maxWait (1 s), well within the startup timeout

            client.send(RawClient.typed('p', RawClient.cString(TestDirectory.password("bob"))));
            RawClient.Message answer = client.read();
            assertThat(answer.type()).as("AuthenticationOk, not: " + new String(answer.body(), StandardCharsets.UTF_8))
                    .isEqualTo('R');
            assertThat(answer.intAt(0)).isZero();
            RawClient.Message m;
            do {
                m = client.read();
                assertThat(m.type()).as("no error before ReadyForQuery: " + m.text()).isNotEqualTo('E');
            } while (m.type() != 'Z');
            assertThat(proxy.engine().directoryMetrics().orElseThrow().loginQueue().refusedStale()).isZero();
        }
    }
}
