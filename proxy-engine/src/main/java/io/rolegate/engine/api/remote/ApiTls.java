package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.config.ApiConfig;
import io.rolegate.engine.tls.KeyMaterial;
import io.rolegate.engine.tls.PemFiles;
import io.rolegate.engine.tls.SelfSignedCertificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;

/**
 * The API listener's JDK {@link SSLContext}: the configured PEM certificate and key (or the engine's self-signed
 * pair when {@code api.tls.selfSigned}), and, with {@code api.tls.clientCa}, those CAs as the only trust for client
 * certificates. The JDK's default protocols (TLS 1.2 and 1.3) and cipher suites; nothing weaker is switched on.
 */
final class ApiTls {
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private ApiTls() {
    }

    static SSLContext context(ApiConfig config, Path dataDir) {
        KeyMaterial material = material(config, dataDir);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("api", material.key(), IN_MEMORY, material.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY);
            TrustManagerFactory tmf = null;
            if (config.clientCa() != null) {
                List<X509Certificate> cas = PemFiles.readCertificates(config.clientCa());
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    trust.setCertificateEntry("client-ca-" + i, cas.get(i));
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new EngineException("cannot set up TLS for the admin API: " + e.getMessage(), e);
        }
    }

    private static KeyMaterial material(ApiConfig config, Path dataDir) {
        if (config.selfSigned()) {
            return SelfSignedCertificate.loadOrCreate(dataDir, Clock.systemUTC());
        }
        if (config.certificate() == null || config.key() == null) {
            throw new EngineException("the admin API is served over TLS only and api.tls has no certificate and key:"
                    + " set api.tls.certificate and api.tls.key (PEM), or api.tls.selfSigned: true");
        }
        return KeyMaterial.read(dataDir.resolve(config.certificate()), dataDir.resolve(config.key()));
    }
}
