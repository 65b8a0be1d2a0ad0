package io.rolegate.engine.config;

import io.rolegate.engine.policy.Cidr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code listen:} where clients connect, and TLS towards them. */
final class ListenBinder implements SectionBinder<ListenConfig> {

    @Override
    public String key() {
        return "listen";
    }

    @Override
    public ListenConfig bind(SectionReader s) {
        ListenConfig d = ListenConfig.defaults();
        String host = s.string("host", d.host());
        int port = s.integer("port", d.port(), 0, 65_535);
        ListenTlsConfig tls = bindTls(s.section("tls"));
        boolean cleartextOnLoopback = s.bool("allowCleartextOnLoopback", d.allowCleartextOnLoopback());
        return new ListenConfig(host, port, tls, cleartextOnLoopback, bindProxyProtocol(s.section("proxyProtocol")));
    }

    /** A network of prefix 0 would let every client name its own address: refused, as is an empty list. */
    private static ProxyProtocolConfig bindProxyProtocol(SectionReader s) {
        if (!s.has("trustedProxies")) {
            return ProxyProtocolConfig.off();
        }
        List<Cidr> trusted = new ArrayList<>();
        for (String text : s.strings("trustedProxies", ValueChecks::cidr)) {
            Cidr c = Cidr.parse(text);
            if (c.prefix() == 0) {
                s.problem("trustedProxies", "\"" + text + "\" would trust every address, so any client could"
                        + " choose the source address the proxy sees: name the load balancers, e.g. 10.0.0.5/32");
            } else {
                trusted.add(c);
            }
        }
        if (trusted.isEmpty() && !s.faulty("trustedProxies")) {
            s.problem("trustedProxies", "name the load balancers that send the PROXY header, e.g. [10.0.0.5/32];"
                    + " leave proxyProtocol out when there are none");
        }
        return new ProxyProtocolConfig(trusted);
    }

    private static ListenTlsConfig bindTls(SectionReader s) {
        ListenTlsConfig d = ListenTlsConfig.defaults();
        ListenTlsMode mode = s.choice("mode", ListenTlsMode.class, d.mode());
        Path certificate = s.file("certificate");
        Path key = s.file("key");
        boolean selfSigned = s.bool("selfSigned", d.selfSigned());
        Path clientCa = s.file("clientCa");
        Path clientCrl = s.file("clientCrl");
        checkConsistent(s, mode, selfSigned);
        if (s.has("clientCa") && mode == ListenTlsMode.OFF && !s.faulty("mode")) {
            s.problem("clientCa", "client certificates travel inside TLS: set listen.tls.mode to optional or required");
        }
        if (s.has("clientCrl") && !s.has("clientCa")) {
            s.problem("clientCrl", "revokes client certificates, so it needs listen.tls.clientCa (the CAs they"
                    + " come from)");
        }
        return new ListenTlsConfig(mode, certificate, key, selfSigned, clientCa, clientCrl);
    }

    // Judged on what is written, not on what loaded: a certificate whose file is missing has already been
    // reported and must not also count as "no certificate".
    private static void checkConsistent(SectionReader s, ListenTlsMode mode, boolean selfSigned) {
        checkKeyPair(s, "listen.tls", selfSigned);
        boolean hasCertificate = s.has("certificate");
        boolean hasKey = s.has("key");
        boolean modeUsable = !s.faulty("mode") && !s.faulty("selfSigned");
        if (modeUsable && mode != ListenTlsMode.OFF && !selfSigned && !hasCertificate && !hasKey) {
            s.problem("mode", YamlNames.of(mode) + " TLS needs a certificate and key, or selfSigned: true");
        }
    }

    /**
     * A TLS section's {@code certificate} and {@code key} come together, and not with {@code selfSigned: true}
     * ({@code listen.tls}, {@code api.tls}); {@code name} is the section's path for the messages.
     */
    static void checkKeyPair(SectionReader s, String name, boolean selfSigned) {
        boolean hasCertificate = s.has("certificate");
        boolean hasKey = s.has("key");
        if (hasCertificate && !hasKey) {
            s.problem("certificate", "a certificate needs its private key: add " + name + ".key (PEM)");
        }
        if (hasKey && !hasCertificate) {
            s.problem("key", "a private key needs its certificate: add " + name + ".certificate (PEM)");
        }
        if (selfSigned && (hasCertificate || hasKey)) {
            s.problem("selfSigned", "choose either selfSigned: true or certificate and key, not both");
        }
    }
}
