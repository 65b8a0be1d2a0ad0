package io.rolegate.engine.export;

import io.rolegate.engine.config.ExportConfig;
import io.rolegate.engine.testbed.RealServers;
import io.rolegate.engine.testbed.RsyslogServer;
import io.rolegate.engine.testbed.TestCertificates;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Syslog export to a real rsyslogd from Debian, over TCP and over TLS (its OpenSSL driver), started by the test
 * on loopback with its own configuration; what rsyslog wrote to its output file is read back. Skipped where
 * rsyslog is not installed, required in CI.
 */
class RsyslogExportTest extends ExportEngineTest {
    @Test
    void rsyslogOverTcpWritesEveryEventOfTheStory() throws Exception {
        RealServers.requireOrSkip(RsyslogServer.installed(), "rsyslog is not installed (apt-get install rsyslog)");
        try (RsyslogServer rsyslog = RsyslogServer.tcp()) {
            ExportConfig export = ExportScenario.exporter(ExportConfig.Type.SYSLOG,
                    URI.create("tcp://127.0.0.1:" + rsyslog.port()), false, null, null);
            everyEventArrives(rsyslog, export);
        }
    }

    @Test
    void rsyslogOverTlsWritesEveryEventOfTheStory() throws Exception {
        RealServers.requireOrSkip(RsyslogServer.tlsInstalled(),
                "rsyslog's TLS driver is not installed (apt-get install rsyslog rsyslog-openssl)");
        TestCertificates.Authority ca = TestCertificates.authority("Rolegate test rsyslog CA");
        TestCertificates.PemSet pem = ca.issue(TestCertificates.KeyType.EC, "127.0.0.1").writePem(certs);
        try (RsyslogServer rsyslog = RsyslogServer.tls(pem)) {
            ExportConfig export = ExportScenario.exporter(ExportConfig.Type.SYSLOG,
                    URI.create("tcp://127.0.0.1:" + rsyslog.port()), true, pem.ca(), null);
            everyEventArrives(rsyslog, export);
        }
    }

    private void everyEventArrives(RsyslogServer rsyslog, ExportConfig export) throws Exception {
        proxy = TestProxy.start(dataDir, ExportScenario.directoryWithExports(ldap, export));

        ExportScenario.run(proxy);

        var committed = ExportScenario.committed(proxy);
        ExportScenario.awaitAll(committed.keySet(), () -> ExportScenario.eventIds(lines(rsyslog)));
        List<String> lines = lines(rsyslog);
        assertThat(ExportScenario.eventIds(lines)).as(rsyslog.log()).doesNotHaveDuplicates();
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("{\"schema\":\"rolegate.audit.v1\"").endsWith("}"));
        assertThat(String.join("\n", lines)).contains("\"type\":\"REVOCATION\"", "\"type\":\"AUTH_FAILED\"",
                "\"identity\":{\"user\":\"alice\",\"dn\":\"" + TestDirectory.userDn("alice") + "\"");
    }

    private static List<String> lines(RsyslogServer rsyslog) {
        try {
            return rsyslog.received();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
