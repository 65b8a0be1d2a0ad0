package io.rolegate.engine.export;

import javax.net.ssl.SSLException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;

/** One word for why a send failed, as a label on /metrics: tls, connect, timeout, http_NNN, io or store. */
final class FailureKind {
    private FailureKind() {
    }

    static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof java.security.cert.CertificateException) {
                return "tls";
            }
            if (t instanceof HttpPost.RejectedException r) {
                return "http_" + r.status();
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return "timeout";
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof java.net.NoRouteToHostException) {
                return "connect";
            }
            if (t instanceof io.rolegate.engine.store.common.StoreException) {
                return "store";
            }
        }
        return "io";
    }
}
