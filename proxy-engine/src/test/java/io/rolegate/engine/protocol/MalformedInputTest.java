package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever bytes a peer sends, each reader parses them or says why not with a ProtocolViolation; nothing else. */
class MalformedInputTest {

    private static void parsesOrViolates(byte[] body, Consumer<ByteBuf> reader) {
        ByteBuf b = Unpooled.wrappedBuffer(body);
        try {
            reader.accept(b);
        } catch (ProtocolViolation expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 1000)
    void anyServerBodyIsReadOrRefusedCleanly(@ForAll @Size(max = 80) byte[] body) {
        parsesOrViolates(body, AuthenticationMessages::code);
        parsesOrViolates(body, AuthenticationMessages::request);
        parsesOrViolates(body, AuthenticationMessages::saslMechanisms);
        parsesOrViolates(body, ParameterStatus::parse);
        parsesOrViolates(body, BackendKeyData::decode);
        parsesOrViolates(body, TransactionStatus::of);
        ErrorFields.parse(Unpooled.wrappedBuffer(body)); // reads what it can, never refuses
    }

    @Property(tries = 1000)
    void anyCapturedPrefixIsReadWithoutException(@ForAll @Size(max = 64) byte[] captured,
                                                 @ForAll @IntRange(max = 64) int length) {
        ParameterStatus.valueIfNamed("application_name", captured, Math.min(length, captured.length));
    }

    @Property(tries = 1000)
    void anyServerStreamIsFramedOrRefusedCleanly(@ForAll @Size(max = 120) byte[] stream,
                                                 @ForAll @IntRange(min = 1, max = 40) int chunk) {
        EmbeddedChannel ch = new EmbeddedChannel(new TypedMessageDecoder(64));
        try {
            for (int i = 0; i < stream.length && ch.isOpen(); i += chunk) {
                ch.writeInbound(Unpooled.wrappedBuffer(stream, i, Math.min(chunk, stream.length - i)));
                ch.checkException();
            }
        } catch (DecoderException e) {
            assertThat(e.getCause()).isInstanceOf(ProtocolViolation.class);
            assertThat(e.getCause().getMessage()).contains("invalid length");
        } finally {
            BackendDecodingTest.closeQuietly(ch);
        }
    }
}
