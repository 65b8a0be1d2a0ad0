package io.rolegate.engine.api.model;

import java.util.Arrays;

/**
 * A password held as characters so it can be handed to the LDAP SDK without ever becoming a {@link String}
 * (strings are interned in heap dumps and end up in logs through careless {@code toString}). {@link #toString()}
 * never shows the value, so a settings record can be logged whole.
 */
public final class Secret {
    private static final Secret EMPTY = new Secret(new char[0]);

    private final char[] value;

    private Secret(char[] value) {
        this.value = value;
    }

    /** Copies {@code value}; the caller may wipe its own array afterwards. */
    public static Secret of(char[] value) {
        return value == null || value.length == 0 ? EMPTY : new Secret(value.clone());
    }

    public static Secret of(String value) {
        return value == null ? EMPTY : of(value.toCharArray());
    }

    public static Secret empty() {
        return EMPTY;
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    /** A copy, so nobody can change the secret held here. */
    public char[] chars() {
        return value.clone();
    }

    /** UTF-8 bytes for the LDAP simple bind; the caller should wipe them after use. */
    public byte[] utf8() {
        return utf8(value);
    }

    /** Encodes without a String in between and wipes the encoder's buffer, so only the result holds the bytes. */
    public static byte[] utf8(char[] chars) {
        var buffer = java.nio.charset.StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(chars));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }

    @Override
    public String toString() {
        return isEmpty() ? "Secret[empty]" : "Secret[****]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && java.security.MessageDigest.isEqual(utf8(), other.utf8());
    }

    @Override
    public int hashCode() {
        // Not derived from the value: a hash would leak information about it.
        return Secret.class.hashCode();
    }
}
