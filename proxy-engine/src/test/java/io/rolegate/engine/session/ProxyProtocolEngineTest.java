package io.rolegate.engine.session;

import io.rolegate.engine.api.model.SessionSnapshot;
import io.rolegate.engine.config.ProxyProtocolConfig;
import io.rolegate.engine.policy.Cidr;
import io.rolegate.engine.protocol.SqlState;
import io.rolegate.engine.protocol.StartupCodes;
import io.rolegate.engine.testbed.ProxyHeaderRelay;
import io.rolegate.engine.testbed.ProxyHeaders;
import io.rolegate.engine.testbed.RawClient;
import io.rolegate.engine.testbed.TestPostgres;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real engine over real sockets, trusting 127.0.0.1 as its load balancer: pgjdbc from 127.0.0.2 through a relay
 * that sends the PROXY header is seen as 127.0.0.2; 127.0.0.2 sending a header itself is refused, and so is the
 * trusted 127.0.0.1 sending none. (BehindHaproxyTest does the same with HAProxy, where it is installed.)
 */
class ProxyProtocolEngineTest {
    @TempDir
    Path dir;

    private TestProxy start() {
        return TestProxy.start(dir, c -> c.withListen(c.listen().withProxyProtocol(
                new ProxyProtocolConfig(List.of(Cidr.parse("127.0.0.1/32"))))));
    }

    @Test
    void aClientBehindTheBalancerIsSeenByItsOwnAddress() throws Exception {
        try (TestProxy proxy = start(); ProxyHeaderRelay balancer = ProxyHeaderRelay.start(proxy.port())) {
            Properties p = new Properties();
            p.setProperty("user", TestPostgres.SCRAM_USER);
            p.setProperty("password", TestPostgres.PASSWORD);
            p.setProperty("sslmode", "disable");
            p.setProperty("localSocketAddress", "127.0.0.2");
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + balancer.port() + "/"
                    + TestPostgres.DATABASE, p)) {
                assertThat(c.isValid(10)).isTrue();
                List<SessionSnapshot> live = proxy.engine().sessions();
                assertThat(live).singleElement().satisfies(s -> assertThat(s.clientAddress()).startsWith("127.0.0.2:"));
            }
        }
    }

    @Test
    void aHeaderFromAnUntrustedClientAndNoHeaderFromTheBalancerAreBothRefused() throws Exception {
        try (TestProxy proxy = start()) {
            try (RawClient attacker = RawClient.from("127.0.0.2", proxy.port())) {
                attacker.send(ProxyHeaders.concat(ProxyHeaders.v2("10.1.2.3", 1, "127.0.0.1", proxy.port()),
                        RawClient.startup(StartupCodes.PROTOCOL_3_0, Map.of("user", TestPostgres.SCRAM_USER,
                                "database", TestPostgres.DATABASE))));
                RawClient.Message error = attacker.read();
                assertThat(error.field('C')).isEqualTo(SqlState.PROTOCOL_VIOLATION);
                assertThat(error.field('M')).contains("not a trusted load balancer");
                assertThat(attacker.closedByPeer()).isTrue();
            }
            try (RawClient balancer = RawClient.from("127.0.0.1", proxy.port())) {
                balancer.sendInts(8, StartupCodes.SSL_REQUEST);
                RawClient.Message error = balancer.read();
                assertThat(error.field('C')).isEqualTo(SqlState.PROTOCOL_VIOLATION);
                assertThat(error.field('M')).contains("sent no PROXY protocol header");
                assertThat(balancer.closedByPeer()).isTrue();
            }
            assertThat(proxy.engine().loginMetrics().pending().refusals()).containsEntry("proxy_header", 2L);
        }
    }
}
