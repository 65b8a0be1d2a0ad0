package io.rolegate.engine.export;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.tls.PemFiles;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The TLS context an exporter checks its receiver with: the CA certificates of a PEM file ({@code ca:}), or the
 * JDK's trusted roots. The receiver's name is checked against its certificate too (by the caller), so a
 * certificate of another host, or one no trusted CA issued, gets nothing.
 */
final class ReceiverTrust {
    private ReceiverTrust() {
    }

    static SSLContext context(Path ca) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (ca == null) {
                tmf.init((KeyStore) null);
            } else {
                List<X509Certificate> roots = PemFiles.readCertificates(ca);
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                for (int i = 0; i < roots.size(); i++) {
                    store.setCertificateEntry("ca-" + i, roots.get(i));
                }
                tmf.init(store);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new EngineException("cannot set up TLS to check the export receiver's certificate"
                    + (ca == null ? "" : " against " + ca) + ": " + e.getMessage(), e);
        }
    }
}
