package io.rolegate.engine.api.remote;

import io.rolegate.engine.testbed.TestCertificates;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/** A client certificate and its key as JDK key managers, for an HTTPS client that presents one. */
record KeyManagers(KeyManager[] managers) {
    static KeyManagers of(TestCertificates.Issued card) throws Exception {
        char[] pw = "test".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", card.key(), pw, new X509Certificate[] {card.certificate(), card.issuer()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        return new KeyManagers(kmf.getKeyManagers());
    }
}
