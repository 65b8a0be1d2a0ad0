package io.rolegate.engine.config;

import java.util.Objects;

/**
 * One PostgreSQL server Rolegate may connect to: a host name or address and a port. Written {@code host:port},
 * {@code [ipv6]:port} or {@code host} (port 5432).
 */
public record UpstreamHost(String host, int port) {
    public static final int DEFAULT_PORT = 5432;

    public UpstreamHost {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /** Reads {@code host:port}, {@code [ipv6]:port}, a bare host (port 5432) or a bare IPv6 address. */
    public static UpstreamHost parse(String text) {
        String t = text.trim();
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("\"" + text + "\" opens [ for an IPv6 address but never closes it");
            }
            String rest = t.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("\"" + text + "\": expected :port after the ]");
            }
            return new UpstreamHost(t.substring(1, close), rest.isEmpty() ? DEFAULT_PORT : port(text, rest.substring(1)));
        }
        int colon = t.lastIndexOf(':');
        if (colon < 0 || t.indexOf(':') != colon) { // no port, or an IPv6 address without brackets
            return new UpstreamHost(t, DEFAULT_PORT);
        }
        return new UpstreamHost(t.substring(0, colon), port(text, t.substring(colon + 1)));
    }

    private static int port(String text, String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\": \"" + digits + "\" is not a port number");
        }
    }

    /** {@code host:port}, with brackets around an IPv6 address. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
