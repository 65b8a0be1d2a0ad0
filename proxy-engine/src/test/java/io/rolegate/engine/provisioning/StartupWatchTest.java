package io.rolegate.engine.provisioning;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin connection's guard at byte level, with the server's bytes arriving one at a time. */
class StartupWatchTest {
    private static final byte[] SSL_REQUEST = ByteBuffer.allocate(8).putInt(8).putInt(80877103).array();
    private static final byte[] STARTUP = ByteBuffer.allocate(8).putInt(8).putInt(196608).array();

    @Test
    void aCleartextRequestAfterNIsRefusedEvenWhenItArrivesByteByByte() {
        StartupWatch watch = new StartupWatch(false, "db:5432");
        watch.fromClient(SSL_REQUEST, 0, 8);
        assertThatCode(() -> oneByOne(watch, new byte[]{'N'})).doesNotThrowAnyException();
        watch.fromClient(STARTUP, 0, 8);

        assertThatThrownBy(() -> oneByOne(watch, notice(), authRequest(3)))
                .isInstanceOf(AdminPasswordGuard.PasswordWithoutTlsRefused.class)
                .hasMessageContaining("db:5432").hasMessageContaining("in cleartext");
    }

    @Test
    void anMd5RequestWithoutAnySslRequestIsRefused() {
        StartupWatch watch = new StartupWatch(false, "db:5432");
        watch.fromClient(STARTUP, 0, 8);

        assertThatThrownBy(() -> oneByOne(watch, ByteBuffer.allocate(13).put((byte) 'R').putInt(12).putInt(5)
                .putInt(0x01020304).array())).hasMessageContaining("as md5");
    }

    @Test
    void scramTlsAndTheOptInPass() {
        StartupWatch scram = new StartupWatch(false, "db");
        scram.fromClient(STARTUP, 0, 8);
        assertThatCode(() -> oneByOne(scram, ByteBuffer.allocate(24).put((byte) 'R').putInt(23).putInt(10)
                .put("SCRAM-SHA-256\0\0".getBytes()).array(), authRequest(0), authRequest(3)))
                .as("after AuthenticationOk nothing is read").doesNotThrowAnyException();

        StartupWatch tls = new StartupWatch(false, "db");
        tls.fromClient(SSL_REQUEST, 0, 8);
        assertThatCode(() -> oneByOne(tls, new byte[]{'S'}, authRequest(3))).doesNotThrowAnyException();

        StartupWatch allowed = new StartupWatch(true, "db");
        allowed.fromClient(STARTUP, 0, 8);
        assertThatCode(() -> oneByOne(allowed, authRequest(3))).doesNotThrowAnyException();
    }

    private static byte[] authRequest(int code) {
        return ByteBuffer.allocate(9).put((byte) 'R').putInt(8).putInt(code).array();
    }

    private static byte[] notice() {
        byte[] body = "SNOTICE\0Mhello\0\0".getBytes();
        return ByteBuffer.allocate(5 + body.length).put((byte) 'N').putInt(4 + body.length).put(body).array();
    }

    private static void oneByOne(StartupWatch watch, byte[]... messages) throws Exception {
        for (byte[] m : messages) {
            for (int i = 0; i < m.length; i++) {
                watch.fromServer(m, i, 1);
            }
        }
    }
}
