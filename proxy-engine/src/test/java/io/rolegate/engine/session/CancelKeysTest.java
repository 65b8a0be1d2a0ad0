package io.rolegate.engine.session;

import io.netty.channel.embedded.EmbeddedChannel;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.tls.UpstreamTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancel keys the proxy hands out, looked up as a CancelRequest names them: two upstream hosts (a failover pair, a
 * replica) may give two sessions the same backend pid; each must stay cancellable by its own secret and by no other,
 * before and after the other session ends.
 */
class CancelKeysTest {
    private final SessionRegistry registry = new SessionRegistry();
    private final ProxyContext context;
    private final EmbeddedChannel clientA = new EmbeddedChannel();
    private final EmbeddedChannel clientB = new EmbeddedChannel();

    CancelKeysTest() {
        RolegateConfig config = RolegateConfig.defaults()
                .withUpstream(new UpstreamConfig("127.0.0.1", 1, UpstreamTlsMode.DISABLE, null));
        context = new ProxyContext(config, Transport.best(), null, UpstreamTls.of(config.upstream()), registry);
    }

    @AfterEach
    void close() {
        clientA.finishAndReleaseAll();
        clientB.finishAndReleaseAll();
    }

    @Test
    void twoSessionsWithTheSameBackendPidAreEachCancelledByTheirOwnKeyOnly() {
        Session a = liveSession(1, clientA);
        Session b = liveSession(2, clientB);
        byte[] keyA = key(a.server().issueCancelKey(4242, new byte[] {1, 1, 1, 1}));
        byte[] keyB = key(b.server().issueCancelKey(4242, new byte[] {2, 2, 2, 2}));
        assertThat(a.server().issuedPid()).isEqualTo(b.server().issuedPid()).isEqualTo(4242);

        assertThat(registry.findByCancelKey(4242, keyA)).isSameAs(a);
        assertThat(registry.findByCancelKey(4242, keyB)).as("the later session did not hide the earlier").isSameAs(b);
        assertThat(registry.findByCancelKey(4242, new byte[] {9, 9, 9, 9})).as("a guessed key").isNull();
        assertThat(registry.findByCancelKey(4243, keyA)).as("the right key under another pid").isNull();

        registry.sessionClosed(b);
        assertThat(registry.findByCancelKey(4242, keyB)).as("an ended session's key").isNull();
        assertThat(registry.findByCancelKey(4242, keyA)).as("the other session is still cancellable").isSameAs(a);
        registry.sessionClosed(a);
        assertThat(registry.findByCancelKey(4242, keyA)).isNull();
    }

    private Session liveSession(long id, EmbeddedChannel client) {
        Session s = new Session(id, client, context);
        registry.connectionOpened();
        registry.sessionStartupRead(s);
        return s;
    }

    private static byte[] key(int k) {
        return new byte[] {(byte) (k >>> 24), (byte) (k >>> 16), (byte) (k >>> 8), (byte) k};
    }
}
