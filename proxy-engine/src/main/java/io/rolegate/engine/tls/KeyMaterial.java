package io.rolegate.engine.tls;

import io.rolegate.engine.api.model.EngineException;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key and its certificate chain, leaf first. {@link #toString()} names the certificate only, so the
 * record can never end up printing the key.
 */
public record KeyMaterial(PrivateKey key, List<X509Certificate> chain) {

    public KeyMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf certificate");
        }
    }

    /**
     * The PEM certificate chain in {@code certFile} and the private key in {@code keyFile}; an
     * {@link EngineException} naming both files when the key is not the first certificate's.
     */
    public static KeyMaterial read(Path certFile, Path keyFile) {
        List<X509Certificate> chain = PemFiles.readCertificates(certFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (!PemFiles.keyMatches(key, chain.get(0))) {
            throw new EngineException("key file " + keyFile + " does not belong to the first certificate in "
                    + certFile + " (" + chain.get(0).getSubjectX500Principal().getName() + ", a "
                    + chain.get(0).getPublicKey().getAlgorithm() + " key; the key file holds a "
                    + key.getAlgorithm() + " key)");
        }
        return new KeyMaterial(key, chain);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
