package io.rolegate.engine.export;

import io.rolegate.engine.config.ExportConfig;
import io.rolegate.engine.testbed.CapturedLogs;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestCertificates;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Syslog export to an in-test receiver: every event of the login/deny/revoke story arrives as RFC 5424 with the
 * event schema; a receiver that goes away while the engine restarts still gets everything once it is back; a
 * receiver with a certificate the exporter does not trust gets nothing, and says so on /metrics and in the log.
 */
class SyslogExportTest extends ExportEngineTest {
    @Test
    void everyEventOfTheStoryArrivesOnceAsRfc5424WithTheEventSchema() throws Exception {
        try (SyslogCollector syslog = SyslogCollector.tcp()) {
            ExportConfig export = ExportScenario.exporter(ExportConfig.Type.SYSLOG,
                    URI.create("tcp://127.0.0.1:" + syslog.port()), false, null, null);
            proxy = TestProxy.start(dataDir, ExportScenario.directoryWithExports(ldap, export));

            ExportScenario.run(proxy);

            Map<String, String> committed = ExportScenario.committed(proxy);
            assertThat(committed.values()).contains("AUTH_SUCCEEDED", "ACCESS_DECIDED", "AUTH_FAILED", "REVOCATION",
                    "SESSION_ENDED");
            ExportScenario.awaitAll(committed.keySet(), () -> ExportScenario.eventIds(syslog.messages()));
            List<String> messages = syslog.messages();
            assertThat(ExportScenario.eventIds(messages)).doesNotHaveDuplicates();
            assertThat(messages).allSatisfy(m -> assertThat(m)
                    .matches("<\\d{1,3}>1 \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z \\S+ rolegate \\d+ [A-Z_]+ - \\{.*\\}"));
            String node = ExportScenario.node(proxy);
            assertThat(node).isNotEmpty();
            // HOSTNAME is the node; every event names it and its id starts with it
            assertThat(messages).allSatisfy(m -> assertThat(m).contains(" " + node + " rolegate ")
                    .contains("\"eventId\":\"" + node + ":", "\"node\":\"" + node + "\""));
            assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("<84>1 ").contains(" AUTH_FAILED - ")
                    .contains("\"decision\":\"deny\""));
            assertThat(messages).anySatisfy(m -> assertThat(m).contains(" ACCESS_DECIDED - ")
                    .contains("\"identity\":{\"user\":\"alice\",\"dn\":\"" + TestDirectory.userDn("alice") + "\"")
                    .contains(TestDirectory.groupDn("data-team")).contains("\"roles\":[\"dba_role\"]")
                    .contains("\"database\":\"" + io.rolegate.engine.testbed.TestPostgres.DATABASE + "\""));
            assertThat(messages).anySatisfy(m -> assertThat(m).contains(" REVOCATION - ")
                    .contains("\"decision\":\"revoke\""));
            assertThat(syslog.errors()).isEmpty();
            String metrics = ExportScenario.metrics(proxy);
            Eventually.within(ExportScenario.ARRIVAL, "lag back to 0", () -> ExportScenario.sample(
                    ExportScenario.metrics(proxy), "rolegate_export_lag_records", export.name()) == 0);
            assertThat(ExportScenario.sample(metrics, "rolegate_export_failing", export.name())).isZero();
        }
    }

    /**
     * The receiver is down for a while (about 10 s), and the engine restarts meanwhile: the cursor in the store
     * says where delivery stopped, so every event reaches the receiver once it is back; an event sent twice
     * carries the same id and the same content.
     */
    @Test
    void nothingIsLostWhileTheReceiverIsDownAcrossAnEngineRestart() throws Exception {
        try (SyslogCollector syslog = SyslogCollector.tcp()) {
            ExportConfig export = ExportScenario.exporter(ExportConfig.Type.SYSLOG,
                    URI.create("tcp://127.0.0.1:" + syslog.port()), false, null, null);
            proxy = TestProxy.start(dataDir, ExportScenario.directoryWithExports(ldap, export));
            ExportScenario.loginAndDeny(proxy);
            ExportScenario.awaitAll(ExportScenario.committed(proxy).keySet(),
                    () -> ExportScenario.eventIds(syslog.messages()));

            syslog.stop();
            long downSince = System.nanoTime();
            ExportScenario.loginAndDeny(proxy);
            Eventually.within(ExportScenario.ARRIVAL, "the exporter sees the receiver gone", () -> ExportScenario
                    .sample(ExportScenario.metrics(proxy), "rolegate_export_failing", export.name()) == 1);
            proxy.close();
            proxy = TestProxy.start(dataDir, ExportScenario.directoryWithExports(ldap, export));
            ExportScenario.revoke(proxy);
            Eventually.within(ExportScenario.ARRIVAL, "several attempts failed after the restart", () -> ExportScenario
                    .sample(ExportScenario.metrics(proxy), "rolegate_export_failures_total", export.name()) >= 3);
            assertThat(ExportScenario.sample(ExportScenario.metrics(proxy), "rolegate_export_lag_records",
                    export.name())).isPositive();
            long downFor = Duration.ofNanos(System.nanoTime() - downSince).toMillis();
            Thread.sleep(Math.max(0, 10_000 - downFor)); // down for about 10 s in all, as an outage is

            syslog.start();
            Map<String, String> committed = ExportScenario.committed(proxy);
            ExportScenario.awaitAll(committed.keySet(), () -> ExportScenario.eventIds(syslog.messages()));
            Map<String, String> byId = new HashMap<>();
            for (String json : SyslogCollector.jsonOf(syslog.messages())) {
                String id = ExportScenario.eventIds(List.of(json)).get(0);
                String first = byId.putIfAbsent(id, json);
                assertThat(first == null || first.equals(json)).as("a duplicate of %s differs", id).isTrue();
            }
            assertThat(byId.keySet()).containsAll(committed.keySet());
            Eventually.within(ExportScenario.ARRIVAL, "delivering again", () -> ExportScenario.sample(
                    ExportScenario.metrics(proxy), "rolegate_export_failing", export.name()) == 0);
        }
    }

    @Test
    void aReceiverWithACertificateNotFromTheTrustedCaGetsNothing() throws Exception {
        TestCertificates.Authority trusted = TestCertificates.authority("Rolegate test SIEM CA");
        TestCertificates.Authority other = TestCertificates.authority("Somebody else");
        Path ca = trusted.writeCertificate(certs.resolve("siem-ca.crt"));
        try (CapturedLogs logs = CapturedLogs.start();
             SyslogCollector syslog = SyslogCollector.tls(serverContext(
                     other.issue(TestCertificates.KeyType.EC, "127.0.0.1")))) {
            ExportConfig export = ExportScenario.exporter(ExportConfig.Type.SYSLOG,
                    URI.create("tcp://127.0.0.1:" + syslog.port()), true, ca, null);
            proxy = TestProxy.start(dataDir, ExportScenario.directoryWithExports(ldap, export));
            ExportScenario.loginAndDeny(proxy);

            Eventually.within(ExportScenario.ARRIVAL, "the exporter reports the certificate", () -> ExportScenario
                    .metrics(proxy).contains("rolegate_export_failing{exporter=\"" + export.name()
                            + "\",type=\"syslog\",reason=\"tls\"} 1"));
            assertThat(syslog.messages()).isEmpty();
            assertThat(ExportScenario.sample(ExportScenario.metrics(proxy), "rolegate_export_records_sent_total",
                    export.name())).isZero();
            assertThat(logs.text()).contains("could not deliver to tcp://127.0.0.1:" + syslog.port() + " (TLS) (tls)");
        }
    }

    @Test
    void aReceiverWhoseCertificateNamesAnotherHostGetsNothing() throws Exception {
        TestCertificates.Authority trusted = TestCertificates.authority("Rolegate test SIEM CA");
        Path ca = trusted.writeCertificate(certs.resolve("siem-ca.crt"));
        try (SyslogCollector syslog = SyslogCollector.tls(serverContext(
                trusted.issue(TestCertificates.KeyType.EC, "siem.example.org")))) {
            ExportConfig export = ExportScenario.exporter(ExportConfig.Type.SYSLOG,
                    URI.create("tcp://127.0.0.1:" + syslog.port()), true, ca, null);
            proxy = TestProxy.start(dataDir, ExportScenario.directoryWithExports(ldap, export));
            ExportScenario.loginAndDeny(proxy);

            Eventually.within(ExportScenario.ARRIVAL, "the exporter reports the certificate", () -> ExportScenario
                    .metrics(proxy).contains("reason=\"tls\"} 1"));
            assertThat(syslog.messages()).isEmpty();
        }
    }

    static SSLContext serverContext(TestCertificates.Issued server) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", server.key(), new char[0], new java.security.cert.Certificate[]{
            server.certificate(), server.issuer()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
