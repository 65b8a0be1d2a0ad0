package io.rolegate.engine.tls;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.threads.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CRL;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Client certificates checked against {@code listen.tls.clientCa} and the revocation lists in
 * {@code listen.tls.clientCrl}, as PostgreSQL's ssl_crl_file: a revoked certificate fails the handshake, and so
 * does every certificate of a CA whose list is missing or past its next-update time (fail closed: without a
 * current list nobody can tell whether a certificate was revoked). Only the given lists count; nothing is fetched.
 *
 * <p>CAs publish new lists regularly, so the file is looked at again every {@value #RECHECK_SECONDS} seconds on a
 * background thread and re-read when it changed; a file that no longer reads keeps the lists in force, and the log
 * says why. The handshake itself never touches the file.
 */
final class RevocationCheckingTrust extends X509ExtendedTrustManager {
    static final long RECHECK_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(RevocationCheckingTrust.class);
    private static final ScheduledExecutorService RECHECKS =
            Executors.newSingleThreadScheduledExecutor(BackgroundThreads.named("rolegate-crl-reload"));

    private final List<X509Certificate> cas;
    private final Path file;
    private volatile Loaded loaded;

    private record Loaded(FileTime modified, X509ExtendedTrustManager delegate, int lists) {
    }

    private RevocationCheckingTrust(List<X509Certificate> cas, Path file, Loaded first) {
        this.cas = List.copyOf(cas);
        this.file = file;
        this.loaded = first;
    }

    /**
     * Reads the lists now (a problem stops the engine's start with a message naming the file) and re-reads them
     * when the file changes.
     */
    static RevocationCheckingTrust of(List<X509Certificate> cas, Path file) {
        RevocationCheckingTrust trust = new RevocationCheckingTrust(cas, file, load(cas, file));
        log.info("Client certificates checked against {} revocation list(s) from {}", trust.loaded.lists(), file);
        WeakReference<RevocationCheckingTrust> ref = new WeakReference<>(trust);
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = RECHECKS.scheduleWithFixedDelay(() -> {
            RevocationCheckingTrust t = ref.get();
            if (t == null) {
                task[0].cancel(false); // the engine that used it is gone
            } else {
                t.recheck();
            }
        }, RECHECK_SECONDS, RECHECK_SECONDS, TimeUnit.SECONDS);
        return trust;
    }

    /** Re-reads the file if it changed since it was read; keeps the lists in force when it cannot. */
    void recheck() {
        try {
            if (Files.getLastModifiedTime(file).equals(loaded.modified())) {
                return;
            }
            loaded = load(cas, file);
            log.info("Client certificate revocation lists re-read from {}: {} list(s)", file, loaded.lists());
        } catch (IOException | EngineException e) {
            log.warn("Client certificate revocation lists in {} could not be re-read ({}); the lists read before"
                    + " stay in force", file, e.getMessage());
        }
    }

    private static Loaded load(List<X509Certificate> cas, Path file) {
        try {
            List<X509CRL> crls = PemFiles.readCrls(file);
            FileTime modified = Files.getLastModifiedTime(file);
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                anchors.setCertificateEntry("client-ca-" + i, cas.get(i));
            }
            PKIXBuilderParameters pkix = new PKIXBuilderParameters(anchors, new X509CertSelector());
            pkix.setRevocationEnabled(true);
            pkix.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(new CertPathTrustManagerParameters(pkix));
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new Loaded(modified, x, crls.size());
                }
            }
            throw new EngineException("the JDK offers no X.509 trust manager for client certificates");
        } catch (IOException e) {
            throw new EngineException("revocation list file " + file + " cannot be read: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new EngineException("cannot check client certificates against " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        logRefusal(chain, () -> loaded.delegate().checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        logRefusal(chain, () -> loaded.delegate().checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        logRefusal(chain, () -> loaded.delegate().checkClientTrusted(chain, authType));
    }

    private interface Check {
        void run() throws CertificateException;
    }

    /** A refused client certificate is worth a line in the log: a revoked one may be a stolen key in use. */
    private static void logRefusal(X509Certificate[] chain, Check check) throws CertificateException {
        try {
            check.run();
        } catch (CertificateException e) {
            if (chain != null && chain.length > 0) {
                log.warn("Client certificate {} (serial {}) refused: {}",
                        chain[0].getSubjectX500Principal().getName(), chain[0].getSerialNumber().toString(16),
                        e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the listener checks clients, not servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the listener checks clients, not servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the listener checks clients, not servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return cas.toArray(X509Certificate[]::new);
    }
}
