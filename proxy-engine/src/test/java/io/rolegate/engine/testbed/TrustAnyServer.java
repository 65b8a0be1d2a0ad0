package io.rolegate.engine.testbed;

import javax.net.ssl.X509TrustManager;
import java.security.cert.X509Certificate;

/** For raw test clients of a proxy whose certificate is self-signed at start: the tests are not about its trust. */
public final class TrustAnyServer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
