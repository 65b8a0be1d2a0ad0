package io.rolegate.engine.tls;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rolegate.engine.config.ListenTlsConfig;
import io.rolegate.engine.config.ListenTlsMode;
import io.rolegate.engine.testbed.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SelfSignedCertificateTest {

    @TempDir
    Path dataDir;

    @Test
    void generatesAndStoresACertificateForThisHost() throws Exception {
        KeyMaterial created = SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC());

        Path tls = dataDir.resolve("tls");
        X509Certificate cert = created.certificate();
        String host = SelfSignedCertificate.localHostName();
        assertThat(PemFiles.readCertificates(tls.resolve("self-signed.crt"))).containsExactly(cert);
        assertThat(PemFiles.keyMatches(PemFiles.readPrivateKey(tls.resolve("self-signed.key")), cert)).isTrue();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + host);
        assertThat(cert.getSubjectAlternativeNames()).contains(
                List.of(2, "localhost"), List.of(2, host), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(cert.getNotAfter().toInstant()).isCloseTo(Instant.now().plus(Duration.ofDays(365)),
                within(Duration.ofMinutes(5).toMillis(), ChronoUnit.MILLIS));
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        cert.verify(cert.getPublicKey());
    }

    @Test
    void keyIsReadableByTheOwnerOnlyAndTheCertificateByAll() throws Exception {
        SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC());

        Path tls = dataDir.resolve("tls");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("self-signed.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("self-signed.crt"))))
                .isEqualTo("rw-r--r--");
        assertThat(Files.readString(tls.resolve("self-signed.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void reusesTheStoredCertificateOnTheNextStart() throws Exception {
        X509Certificate first = SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC()).certificate();
        String keyFile = Files.readString(dataDir.resolve("tls/self-signed.key"));

        X509Certificate second = SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC()).certificate();

        assertThat(second).isEqualTo(first);
        assertThat(Files.readString(dataDir.resolve("tls/self-signed.key"))).isEqualTo(keyFile);
    }

    @Test
    void keepsACertificateWithMoreThan30DaysLeft() {
        X509Certificate old = SelfSignedCertificate.loadOrCreate(dataDir, daysAgo(330)).certificate();

        assertThat(SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC()).certificate()).isEqualTo(old);
    }

    @Test
    void regeneratesACertificateWithLessThan30DaysLeft() {
        X509Certificate old = SelfSignedCertificate.loadOrCreate(dataDir, daysAgo(340)).certificate();

        X509Certificate renewed = SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC()).certificate();

        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        assertThat(renewed.getNotAfter()).isAfter(Instant.now().plus(Duration.ofDays(360)));
        assertThat(PemFiles.readCertificates(dataDir.resolve("tls/self-signed.crt"))).containsExactly(renewed);
    }

    @Test
    void regeneratesWhenTheStoredKeyIsNotTheCertificatesKey() throws Exception {
        X509Certificate old = SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC()).certificate();
        PemFiles.writePrivateKey(dataDir.resolve("tls/self-signed.key"),
                TestCertificates.keyPair(TestCertificates.KeyType.EC).getPrivate());

        KeyMaterial renewed = SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC());

        assertThat(renewed.certificate()).isNotEqualTo(old);
        assertThat(PemFiles.keyMatches(PemFiles.readPrivateKey(dataDir.resolve("tls/self-signed.key")),
                renewed.certificate())).isTrue();
    }

    @Test
    void regeneratesWhenTheStoredCertificateIsDamaged() throws Exception {
        SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC());
        Files.writeString(dataDir.resolve("tls/self-signed.crt"), "-----BEGIN CERTIFICATE-----\n!!\n");

        KeyMaterial renewed = SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC());

        assertThat(PemFiles.readCertificates(dataDir.resolve("tls/self-signed.crt"))).containsExactly(
                renewed.certificate());
    }

    @Test
    void listenerLogsTheFingerprintOfTheCertificateInUseAndNeverTheKey() throws Exception {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger[] loggers = {(Logger) LoggerFactory.getLogger(ServerTls.class),
                (Logger) LoggerFactory.getLogger(SelfSignedCertificate.class)};
        for (Logger l : loggers) {
            l.addAppender(appender);
        }
        try {
            ServerTls tls = ServerTls.of(new ListenTlsConfig(ListenTlsMode.REQUIRED, null, null, true), dataDir);

            X509Certificate stored = PemFiles.readCertificates(dataDir.resolve("tls/self-signed.crt")).get(0);
            assertThat(tls.certificate()).isEqualTo(stored);
            String keyBase64 = Base64.getEncoder().encodeToString(
                    PemFiles.readPrivateKey(dataDir.resolve("tls/self-signed.key")).getEncoded());
            List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(lines).anyMatch(line -> line.contains(PemFiles.sha256Fingerprint(stored)));
            assertThat(lines).noneMatch(line -> line.contains("PRIVATE KEY") || line.contains(keyBase64.substring(40, 80)));
        } finally {
            for (Logger l : loggers) {
                l.detachAppender(appender);
            }
        }
    }

    @Test
    void fingerprintHasOpensslsFormat() {
        X509Certificate cert = SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC()).certificate();

        assertThat(PemFiles.sha256Fingerprint(cert)).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    private static Clock daysAgo(int days) {
        return Clock.fixed(Instant.now().minus(Duration.ofDays(days)), ZoneOffset.UTC);
    }
}
