package io.rolegate.engine.testbed;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** PROXY protocol headers as a load balancer writes them (HAProxy's proxy-protocol.txt), for tests. */
public final class ProxyHeaders {
    /** The v2 signature. */
    public static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /** Version 2 and the PROXY command (a relayed connection). */
    public static final int PROXY = 0x21;
    /** Version 2 and the LOCAL command (the balancer's own connection, e.g. a health check). */
    public static final int LOCAL = 0x20;
    public static final int TCP4 = 0x11;
    public static final int TCP6 = 0x21;
    public static final int UNSPEC = 0x00;
    public static final int UDP4 = 0x12;

    private ProxyHeaders() {
    }

    /** A v2 PROXY header for a TCP client at {@code client:clientPort} that connected to {@code server:serverPort}. */
    public static byte[] v2(String client, int clientPort, String server, int serverPort) {
        byte[] src = address(client);
        byte[] dst = address(server);
        ByteBuffer b = ByteBuffer.allocate(src.length * 2 + 4);
        b.put(src).put(dst).putShort((short) clientPort).putShort((short) serverPort);
        return v2(PROXY, src.length == 4 ? TCP4 : TCP6, b.array());
    }

    /** A v2 header with any command byte, family/protocol byte and address block (TLVs included). */
    public static byte[] v2(int command, int familyAndProtocol, byte[] addresses) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(V2_SIGNATURE);
        out.write(command);
        out.write(familyAndProtocol);
        out.write(addresses.length >> 8);
        out.write(addresses.length);
        out.writeBytes(addresses);
        return out.toByteArray();
    }

    /** A v1 (text) header for a TCP client. */
    public static byte[] v1(String client, int clientPort, String server, int serverPort) {
        String family = address(client).length == 4 ? "TCP4" : "TCP6";
        return ascii("PROXY " + family + " " + client + " " + server + " " + clientPort + " " + serverPort + "\r\n");
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code first} followed by {@code then}. */
    public static byte[] concat(byte[] first, byte[] then) {
        byte[] out = java.util.Arrays.copyOf(first, first.length + then.length);
        System.arraycopy(then, 0, out, first.length, then.length);
        return out;
    }

    private static byte[] address(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // tests pass literals: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
