package io.rolegate.engine.tls;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.testbed.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Client certificates against real revocation lists signed by their CA, re-read when the file changes. */
class RevocationCheckingTrustTest {
    @TempDir
    Path dir;

    private final TestCertificates.Authority ca = TestCertificates.authority("Rolegate test client CA");
    private final X509Certificate alice = ca.issueClient("CN=Alice", "alice@example.org").certificate();
    private final X509Certificate bob = ca.issueClient("CN=Bob", "bob@example.org").certificate();

    private static X509Certificate[] chain(X509Certificate c) {
        return new X509Certificate[]{c};
    }

    @Test
    void aRevokedCertificateIsRefusedAndOthersPass() {
        Path crl = ca.writeCrl(dir.resolve("clients.crl"), Instant.now().plus(Duration.ofDays(1)), bob);
        RevocationCheckingTrust trust = RevocationCheckingTrust.of(List.of(ca.certificate()), crl);
        assertThatCode(() -> trust.checkClientTrusted(chain(alice), "RSA")).doesNotThrowAnyException();
        assertThatThrownBy(() -> trust.checkClientTrusted(chain(bob), "RSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("revoked");
    }

    @Test
    void aListPastItsNextUpdateRefusesEveryone() {
        // past the 15 minutes of clock skew the JDK allows a list
        Path crl = ca.writeCrl(dir.resolve("stale.crl"), Instant.now().minus(Duration.ofMinutes(30)));
        RevocationCheckingTrust trust = RevocationCheckingTrust.of(List.of(ca.certificate()), crl);
        assertThatThrownBy(() -> trust.checkClientTrusted(chain(alice), "RSA"))
                .as("without a current list nobody can tell").isInstanceOf(CertificateException.class);
    }

    @Test
    void aNewListIsReadWhenTheFileChangesAndABrokenOneKeepsTheOld() throws Exception {
        Path crl = ca.writeCrl(dir.resolve("clients.crl"), Instant.now().plus(Duration.ofDays(1)));
        RevocationCheckingTrust trust = RevocationCheckingTrust.of(List.of(ca.certificate()), crl);
        assertThatCode(() -> trust.checkClientTrusted(chain(alice), "RSA")).doesNotThrowAnyException();

        ca.writeCrl(crl, Instant.now().plus(Duration.ofDays(1)), alice);
        Files.setLastModifiedTime(crl, FileTime.from(Instant.now().plusSeconds(5)));
        trust.recheck();
        assertThatThrownBy(() -> trust.checkClientTrusted(chain(alice), "RSA"))
                .isInstanceOf(CertificateException.class).hasMessageContaining("revoked");

        Files.writeString(crl, "not a list");
        Files.setLastModifiedTime(crl, FileTime.from(Instant.now().plusSeconds(10)));
        trust.recheck();
        assertThatThrownBy(() -> trust.checkClientTrusted(chain(alice), "RSA"))
                .as("the lists read before stay in force").isInstanceOf(CertificateException.class);
        assertThatCode(() -> trust.checkClientTrusted(chain(bob), "RSA")).doesNotThrowAnyException();
    }

    @Test
    void aFileWithoutAListStopsTheStartNamingIt() throws Exception {
        Path bad = Files.writeString(dir.resolve("empty.crl"), "");
        assertThatThrownBy(() -> RevocationCheckingTrust.of(List.of(ca.certificate()), bad))
                .isInstanceOf(EngineException.class).hasMessageContaining(bad.toString());
        assertThatThrownBy(() -> RevocationCheckingTrust.of(List.of(ca.certificate()), dir.resolve("missing.crl")))
                .isInstanceOf(EngineException.class).hasMessageContaining("does not exist");
    }
}
