package io.rolegate.engine.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

import java.util.Locale;

/**
 * Which TLS implementation terminates client connections. BoringSSL (netty-tcnative, bundled for linux-x86_64)
 * when its native library loads: its handshake costs a fraction of the JDK's, whose elliptic-curve arithmetic is
 * pure Java and took most of the proxy's CPU in a login storm. Otherwise, or when the system property
 * {@value #PROPERTY} is {@code jdk}, the JDK's own TLS.
 */
public final class TlsImplementation {
    /** {@code auto} (default), {@code openssl} (fail at start if BoringSSL cannot load) or {@code jdk}. */
    public static final String PROPERTY = "rolegate.tls.implementation";

    private TlsImplementation() {
    }

    /** The implementation for the listener, as configured by {@value #PROPERTY} and available here. */
    static SslProvider forListener() {
        String wanted = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "jdk":
                return SslProvider.JDK;
            case "openssl":
                if (!openSslUsable()) {
                    throw new io.rolegate.engine.api.model.EngineException(PROPERTY + "=openssl, but BoringSSL cannot be"
                            + " used on this machine: " + whyNotOpenSsl());
                }
                return SslProvider.OPENSSL;
            case "auto":
                return openSslUsable() ? SslProvider.OPENSSL : SslProvider.JDK;
            default:
                throw new io.rolegate.engine.api.model.EngineException(PROPERTY + " must be auto, openssl or jdk, not \""
                        + wanted + "\"");
        }
    }

    /** For the start-up log line: the implementation and its version. */
    static String describe(SslProvider provider) {
        if (provider == SslProvider.JDK) {
            String note = openSslUsable() ? "" : " (BoringSSL unavailable: " + whyNotOpenSsl() + ")";
            return "JDK " + System.getProperty("java.version") + note;
        }
        return OpenSsl.versionString() + " (native)";
    }

    private static boolean openSslUsable() {
        return OpenSsl.isAvailable() && SslProvider.isAlpnSupported(SslProvider.OPENSSL);
    }

    private static String whyNotOpenSsl() {
        Throwable cause = OpenSsl.unavailabilityCause();
        if (cause != null) {
            return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        }
        return OpenSsl.isAvailable() ? "no ALPN support" : "not loaded";
    }
}
