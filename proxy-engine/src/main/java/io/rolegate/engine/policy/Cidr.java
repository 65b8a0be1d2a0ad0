package io.rolegate.engine.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A network such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a bare address is a single host. An IPv4 client
 * seen as an IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}, as dual-stack sockets report it) matches IPv4
 * networks.
 */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /** @throws IllegalArgumentException for anything that is not a literal address with an optional prefix */
    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes = literal(address, text);
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no valid prefix length", e);
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("'" + text + "': prefix must be between 0 and " + max);
        }
        return new Cidr(mask(bytes, prefix), prefix, text.trim());
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = unmapped(address.getAddress());
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
    }

    /** Only literals: a host name here would make a firewall rule depend on DNS. */
    private static byte[] literal(String address, String text) {
        boolean looksLiteral = address.contains(":") || address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!looksLiteral || address.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or network");
        }
        try {
            return unmapped(InetAddress.getByName(address).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or network", e);
        }
    }

    private static byte[] unmapped(byte[] bytes) {
        if (bytes.length == 16 && isV4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - bitsHere));
        }
        return out;
    }

    /** The prefix length: 0 is everywhere, 32 (IPv4) or 128 (IPv6) a single host. */
    public int prefix() {
        return prefix;
    }

    public boolean isIpv6() {
        return network.length == 16;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return text;
    }
}
