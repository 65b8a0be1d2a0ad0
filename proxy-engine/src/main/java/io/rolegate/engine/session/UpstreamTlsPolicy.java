package io.rolegate.engine.session;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;

/** What the upstream connector needs to know about TLS towards the server (libpq sslmode semantics). */
public interface UpstreamTlsPolicy {
    /** Send SSLRequest first. */
    boolean enabled();

    /** Fail when the server answers 'N' (require, verify-full); otherwise fall back to plain TCP (prefer). */
    boolean required();

    SslHandler newHandler(ByteBufAllocator alloc, String host, int port);

    UpstreamTlsPolicy DISABLED = new UpstreamTlsPolicy() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public boolean required() {
            return false;
        }

        @Override
        public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
            throw new IllegalStateException("upstream TLS is disabled");
        }
    };
}
