package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.UpstreamConfig;
import io.rolegate.engine.config.UpstreamTlsMode;
import io.rolegate.engine.protocol.AuthenticationRequest;
import io.rolegate.engine.protocol.BackendMessage;
import io.rolegate.engine.protocol.BackendMessages;
import io.rolegate.engine.protocol.ErrorFields;
import io.rolegate.engine.protocol.TypedMessageDecoder;
import io.rolegate.engine.tls.UpstreamTls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client's PasswordMessage at byte level, read the way directory authentication reads it (message decoder and
 * {@link PasswordReader} after the startup handler), from a scripted client on an EmbeddedChannel.
 */
@Tag("leaks")
class PasswordMessageBytesTest {
    private final List<String> passwords = new ArrayList<>();
    private final EmbeddedChannel client;

    PasswordMessageBytesTest() {
        RolegateConfig config = RolegateConfig.defaults()
                .withUpstream(new UpstreamConfig("127.0.0.1", 1, UpstreamTlsMode.DISABLE, null));
        ProxyContext context = new ProxyContext(config, Transport.best(), null,
                UpstreamTls.of(config.upstream()), new SessionRegistry());
        context.authenticator((session, startup, ctx) -> {
            ctx.pipeline().addAfter(ctx.name(), "password-messages", new TypedMessageDecoder(10_000));
            ctx.pipeline().addAfter("password-messages", "password",
                    new PasswordReader(session, (c, password) -> passwords.add(new String(password))));
            ctx.writeAndFlush(BackendMessages.authenticationCleartextPassword(ctx.alloc()));
        });
        client = new EmbeddedChannel(new FrontendInitializer(context));
    }

    private static ByteBuf startup() {
        ByteBuf b = Unpooled.buffer().writeInt(0).writeInt(3 << 16)
                .writeBytes("user\0alice\0\0".getBytes(StandardCharsets.UTF_8));
        return b.setInt(0, b.writerIndex());
    }

    private static ByteBuf typed(char type, byte[] body) {
        return Unpooled.buffer().writeByte(type).writeInt(4 + body.length).writeBytes(body);
    }

    /** Sends the startup packet and checks the proxy asks for a cleartext password. */
    private void askedForPassword(ByteBuf... sameRead) {
        client.writeInbound(Unpooled.wrappedBuffer(startup(), sameRead.length > 0 ? sameRead[0] : Unpooled.EMPTY_BUFFER));
        ByteBuf ask = client.readOutbound();
        assertThat(ask.readByte()).isEqualTo(BackendMessage.AUTHENTICATION.code());
        assertThat(ask.readInt()).isEqualTo(8);
        assertThat(ask.readInt()).isEqualTo(AuthenticationRequest.CLEARTEXT_PASSWORD.code());
        ask.release();
    }

    private String fatal08P01() {
        client.runPendingTasks();
        ByteBuf out = client.readOutbound();
        assertThat(out.readByte()).isEqualTo(BackendMessage.ERROR_RESPONSE.code());
        assertThat(out.readInt()).isEqualTo(out.readableBytes() + 4);
        ErrorFields f = ErrorFields.parse(out);
        out.release();
        assertThat(f.sqlState()).isEqualTo("08P01");
        assertThat(client.isOpen()).isFalse();
        assertThat(passwords).isEmpty();
        return f.message();
    }

    @Test
    void aPasswordMessageIsReadAsUtf8() {
        askedForPassword();
        client.writeInbound(typed('p', "s3cret ✓\0".getBytes(StandardCharsets.UTF_8)));
        assertThat(passwords).containsExactly("s3cret ✓");
        client.finishAndReleaseAll();
    }

    @Test
    void aPasswordInTheSameReadAsTheStartupPacketIsReadToo() {
        askedForPassword(typed('p', "pw\0".getBytes(StandardCharsets.UTF_8)));
        assertThat(passwords).containsExactly("pw");
        client.finishAndReleaseAll();
    }

    @Test
    void terminateInsteadOfAPasswordClosesQuietly() {
        askedForPassword();
        client.writeInbound(typed('X', new byte[0]));
        client.runPendingTasks();
        assertThat(client.isOpen()).isFalse();
        assertThat((Object) client.readOutbound()).isNull();
        client.finishAndReleaseAll();
    }

    @Test
    void anotherMessageInsteadOfAPasswordIsFatal08P01() {
        askedForPassword();
        client.writeInbound(typed('Q', "SELECT 1\0".getBytes(StandardCharsets.UTF_8)));
        assertThat(fatal08P01()).isEqualTo(
                "rolegate: protocol violation: expected a password message, got message type 'Q'");
        client.finishAndReleaseAll();
    }

    @Test
    void aPasswordWithoutItsTerminatorIsFatal08P01() {
        askedForPassword();
        client.writeInbound(typed('p', "s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(fatal08P01()).isEqualTo("rolegate: protocol violation: the password message is not terminated");
        client.finishAndReleaseAll();
    }

    @Test
    void aPasswordLengthBeyondTheCapIsFatal08P01() {
        askedForPassword();
        client.writeInbound(Unpooled.buffer().writeByte('p').writeInt(10_001));
        assertThat(fatal08P01()).isEqualTo("rolegate: protocol violation: message 'p' has invalid length 10001");
        client.finishAndReleaseAll();
    }
}
