package io.rolegate.engine.export;

import io.rolegate.engine.config.ExportConfig;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestCertificates;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook export to an in-test HTTPS receiver that checks the signature as the documentation tells receivers to:
 * HMAC-SHA256 over timestamp, dot and body, a timestamp no older than five minutes. A receiver that holds another
 * secret refuses every batch, and the exporter keeps the events until it is answered 2xx.
 */
class WebhookExportTest extends ExportEngineTest {
    static final String SECRET = "webhook-secret-of-the-test-0123456789";

    TestCertificates.Authority ca;
    Path caFile;

    @BeforeEach
    void authority() {
        ca = TestCertificates.authority("Rolegate test hooks CA");
        caFile = ca.writeCertificate(certs.resolve("hooks-ca.crt"));
    }

    /** What a receiver does (src-docs/siem-export.md has the same in Python): 401 unless the signature holds. */
    static Function<HttpCollector.Request, Integer> verifying(String secret) {
        return r -> {
            String timestamp = r.header("X-Rolegate-Timestamp");
            String signature = r.header("X-Rolegate-Signature");
            if (timestamp == null || signature == null
                    || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
                return 401;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
                String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
                return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        signature.getBytes(StandardCharsets.US_ASCII)) ? 204 : 401;
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void everyEventArrivesInSignedBatchesTheReceiverVerifies() throws Exception {
        try (HttpCollector hooks = HttpCollector.https(SyslogExportTest.serverContext(
                ca.issue(TestCertificates.KeyType.EC, "127.0.0.1")), "/rolegate", verifying(SECRET))) {
            ExportConfig export = ExportScenario.exporter(ExportConfig.Type.WEBHOOK,
                    URI.create("https://127.0.0.1:" + hooks.port() + "/rolegate"), false, caFile, SECRET);
            proxy = TestProxy.start(dataDir, ExportScenario.directoryWithExports(ldap, export));

            ExportScenario.run(proxy);

            var committed = ExportScenario.committed(proxy);
            ExportScenario.awaitAll(committed.keySet(), () -> ExportScenario.eventIds(texts(hooks)));
            assertThat(ExportScenario.eventIds(texts(hooks))).doesNotHaveDuplicates();
            assertThat(hooks.answers()).containsOnly(204);
            assertThat(texts(hooks)).allSatisfy(b -> assertThat(b)
                    .startsWith("{\"schema\":\"rolegate.audit.v1\",\"events\":[{\"schema\":\"rolegate.audit.v1\","));
            assertThat(String.join("\n", texts(hooks))).contains("\"decision\":\"revoke\"", "\"decision\":\"deny\"",
                    "\"dn\":\"" + TestDirectory.userDn("bob") + "\"");
        }
    }

    @Test
    void aReceiverWithAnotherSecretRefusesEveryBatchAndNothingCountsAsSent() throws Exception {
        try (HttpCollector hooks = HttpCollector.https(SyslogExportTest.serverContext(
                ca.issue(TestCertificates.KeyType.EC, "127.0.0.1")), "/rolegate",
                verifying("another-secret-entirely-0123456789"))) {
            ExportConfig export = ExportScenario.exporter(ExportConfig.Type.WEBHOOK,
                    URI.create("https://127.0.0.1:" + hooks.port() + "/rolegate"), false, caFile, SECRET);
            proxy = TestProxy.start(dataDir, ExportScenario.directoryWithExports(ldap, export));
            ExportScenario.loginAndDeny(proxy);

            Eventually.within(ExportScenario.ARRIVAL, "the exporter reports the refusal", () -> ExportScenario
                    .metrics(proxy).contains("reason=\"http_401\"} 1"));
            assertThat(hooks.accepted()).isEmpty();
            assertThat(hooks.answers()).isNotEmpty().containsOnly(401);
            assertThat(ExportScenario.sample(ExportScenario.metrics(proxy), "rolegate_export_cursor", export.name()))
                    .isZero();
            assertThat(ExportScenario.sample(ExportScenario.metrics(proxy), "rolegate_export_lag_records",
                    export.name())).isPositive();
        }
    }

    @Test
    void aReceiverWithAnUntrustedCertificateIsNeverSentABody() throws Exception {
        TestCertificates.Authority other = TestCertificates.authority("Not the configured CA");
        try (HttpCollector hooks = HttpCollector.https(SyslogExportTest.serverContext(
                other.issue(TestCertificates.KeyType.EC, "127.0.0.1")), "/rolegate", r -> 204)) {
            ExportConfig export = ExportScenario.exporter(ExportConfig.Type.WEBHOOK,
                    URI.create("https://127.0.0.1:" + hooks.port() + "/rolegate"), false, caFile, SECRET);
            proxy = TestProxy.start(dataDir, ExportScenario.directoryWithExports(ldap, export));
            ExportScenario.loginAndDeny(proxy);

            Eventually.within(ExportScenario.ARRIVAL, "the exporter reports the certificate", () -> ExportScenario
                    .metrics(proxy).contains("reason=\"tls\"} 1"));
            assertThat(hooks.answers()).isEmpty();
        }
    }

    @Test
    void theSignatureCoversTimestampAndBody() {
        var secret = io.rolegate.engine.api.model.Secret.of(SECRET);
        byte[] body = "{\"events\":[]}".getBytes(StandardCharsets.UTF_8);
        String s = WebhookReceiver.signature(secret, "1700000000", body);
        assertThat(s).hasSize(64).isEqualTo(WebhookReceiver.signature(secret, "1700000000", body));
        assertThat(WebhookReceiver.signature(secret, "1700000001", body)).isNotEqualTo(s);
        assertThat(WebhookReceiver.signature(secret, "1700000000", "{\"events\":[1]}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(s);
        assertThat(verifying(SECRET).apply(new HttpCollector.Request(java.util.Map.of(
                "X-Rolegate-Timestamp", List.of("1700000000"), "X-Rolegate-Signature", List.of("sha256=" + s)), body)))
                .as("an old timestamp is a replay").isEqualTo(401);
    }

    private static List<String> texts(HttpCollector c) {
        return c.accepted().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }
}
