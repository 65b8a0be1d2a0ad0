package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.model.EngineException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the console verifies a remote engine's certificate: the system's trust store, a CA file ({@code
 * --attach-ca}), or a SHA-256 fingerprint pin ({@code --attach-pin}, for an engine's self-signed certificate). The
 * first two check the host name too; a pin names one certificate exactly, so it needs no host name. There is no
 * mode that accepts anything: a certificate that fails is refused, and its fingerprint is kept so the refusal can
 * name it.
 */
public final class EngineTrust {
    private final X509ExtendedTrustManager checks;
    private final String described;
    /** The last certificate this trust refused (what the console shows in its dialog). */
    private final AtomicReference<X509Certificate> refused = new AtomicReference<>();

    private EngineTrust(X509ExtendedTrustManager checks, String described) {
        this.checks = checks;
        this.described = described;
    }

    /** The JDK's trust store (cacerts), host name checked. */
    public static EngineTrust system() {
        return new EngineTrust(defaultManager(null), "the system's trusted CAs");
    }

    /** The CAs in the PEM file {@code caFile} and nothing else, host name checked. */
    public static EngineTrust caFile(Path caFile) {
        try {
            Collection<? extends Certificate> cas;
            try (InputStream in = Files.newInputStream(caFile)) {
                cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (cas.isEmpty()) {
                throw new EngineException(caFile + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate c : cas) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            return new EngineTrust(defaultManager(store), "the CA file " + caFile);
        } catch (IOException e) {
            throw new EngineException("cannot read the CA file " + caFile + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new EngineException(caFile + " is not a PEM CA certificate: " + e.getMessage(), e);
        }
    }

    /** Exactly the certificate whose SHA-256 is {@code fingerprint} (hex, colons and case as you like). */
    public static EngineTrust pin(String fingerprint) {
        String want = normal(fingerprint);
        if (!want.matches("[0-9a-f]{64}")) {
            throw new EngineException("a certificate pin is the SHA-256 fingerprint: 64 hex digits (colons allowed),"
                    + " not \"" + fingerprint + "\"");
        }
        return new EngineTrust(new Pinned(want), "the pinned fingerprint " + fingerprint(want));
    }

    /** What this trust accepts, in words ("the CA file /etc/rolegate/ca.pem"). */
    public String describe() {
        return described;
    }

    /** {@code AB:CD:…}: the SHA-256 of {@code cert}'s DER encoding, as openssl prints it. */
    public static String fingerprint(X509Certificate cert) {
        try {
            return fingerprint(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(cert.getEncoded())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot digest a certificate", e);
        }
    }

    private static String fingerprint(String hex) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            b.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    private static String normal(String fingerprint) {
        String f = fingerprint.strip().toLowerCase(Locale.ROOT);
        if (f.startsWith("sha256:")) {
            f = f.substring(7);
        }
        return f.replace(":", "");
    }

    X509Certificate lastRefused() {
        return refused.get();
    }

    /** A TLS context that verifies servers by this trust (and remembers a refusal). */
    public SSLContext sslContext() {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new Recording()}, null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    private static X509ExtendedTrustManager defaultManager(KeyStore store) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the trust store", e);
        }
    }

    /** Delegates every check and remembers the certificate of a refusal. */
    private final class Recording extends ServerChecksOnly {
        private void remember(X509Certificate[] chain, CertificateException e) throws CertificateException {
            refused.set(chain == null || chain.length == 0 ? null : chain[0]);
            throw e;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                checks.checkServerTrusted(chain, authType, engine);
            } catch (CertificateException e) {
                remember(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            try {
                checks.checkServerTrusted(chain, authType, socket);
            } catch (CertificateException e) {
                remember(chain, e);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("an engine's certificate is only checked with its host name");
        }
    }

    /** Accepts exactly one certificate, by its SHA-256. */
    private static final class Pinned extends ServerChecksOnly {
        private final String want;

        Pinned(String want) {
            this.want = want;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the engine sent no certificate");
            }
            String got = normal(fingerprint(chain[0]));
            if (!MessageDigest.isEqual(got.getBytes(), want.getBytes())) {
                throw new CertificateException("the engine's certificate is not the pinned one");
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }
    }

    /** A trust manager for the console's side only: it checks servers and refuses every client. */
    private abstract static class ServerChecksOnly extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("the console does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("the console does not accept clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the console does not accept clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
