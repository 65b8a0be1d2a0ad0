package io.rolegate.engine.testbed;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A scripted PostgreSQL client on a plain socket, for byte-level tests of what the proxy says. */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    public RawClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    /**
     * A client connecting from {@code localAddress}: Linux routes all of 127/8 to the loopback interface, so
     * 127.0.0.2 is another client address on the same machine.
     */
    public static RawClient from(String localAddress, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new java.net.InetSocketAddress(localAddress, 0));
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
        return new RawClient(s);
    }

    private RawClient(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** One message from the server: its type and body. */
    public record Message(char type, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** An ErrorResponse field by code, e.g. 'C' for the SQLSTATE. */
        public String field(char code) {
            int i = 0;
            while (i < body.length && body[i] != 0) {
                int end = i + 1;
                while (body[end] != 0) {
                    end++;
                }
                if (body[i] == code) {
                    return new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
                }
                i = end + 1;
            }
            return null;
        }

        public int intAt(int offset) {
            return ((body[offset] & 0xFF) << 24) | ((body[offset + 1] & 0xFF) << 16)
                    | ((body[offset + 2] & 0xFF) << 8) | (body[offset + 3] & 0xFF);
        }
    }

    public RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public RawClient sendInts(int... words) throws IOException {
        for (int w : words) {
            out.writeInt(w);
        }
        out.flush();
        return this;
    }

    public static byte[] startup(int version, Map<String, String> params) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        params.forEach((k, v) -> {
            b.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            b.write(0);
            b.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            b.write(0);
        });
        b.write(0);
        byte[] body = b.toByteArray();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int len = 8 + body.length;
        all.writeBytes(new byte[]{(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len,
                (byte) (version >>> 24), (byte) (version >>> 16), (byte) (version >>> 8), (byte) version});
        all.writeBytes(body);
        return all.toByteArray();
    }

    public static byte[] typed(char type, byte[] body) {
        int len = 4 + body.length;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(type);
        b.writeBytes(new byte[]{(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
        b.writeBytes(body);
        return b.toByteArray();
    }

    public static byte[] cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] r = new byte[b.length + 1];
        System.arraycopy(b, 0, r, 0, b.length);
        return r;
    }

    public int readByte() throws IOException {
        return in.read();
    }

    public Message read() throws IOException {
        char type = (char) in.readUnsignedByte();
        int len = in.readInt();
        byte[] body = new byte[len - 4];
        in.readFully(body);
        return new Message(type, body);
    }

    /** Reads until the server closes; true when it did close (and did not just go quiet). */
    public boolean closedByPeer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain
            }
            return true;
        } catch (EOFException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
