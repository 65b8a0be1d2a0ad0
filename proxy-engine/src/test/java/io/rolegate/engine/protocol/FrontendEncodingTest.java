package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.rolegate.engine.protocol.FrontendMessage.PASSWORD;
import static io.rolegate.engine.protocol.FrontendMessage.QUERY;
import static io.rolegate.engine.protocol.FrontendMessage.TERMINATE;
import static io.rolegate.engine.protocol.MessageAssert.assertThatFrontend;
import static io.rolegate.engine.protocol.MessageAssert.assertThatStartupPacket;
import static org.assertj.core.api.Assertions.assertThat;

/** Every message the proxy writes to the server in the client's voice, byte for byte. */
class FrontendEncodingTest {
    private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    @Test
    void startupMessageIsProtocol30WithParametersInOrderAndAnEmptyName() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "rg_alice");
        parameters.put("database", "sales");
        parameters.put("application_name", "");
        parameters.put("options", "-c search_path=app");
        assertThatStartupPacket(FrontendMessages.startupMessage(alloc, parameters))
                .int32(3 << 16)
                .cString("user").cString("rg_alice")
                .cString("database").cString("sales")
                .cString("application_name").cString("")
                .cString("options").cString("-c search_path=app")
                .byte1(0)
                .end();
    }

    @Test
    void theProxysStartupMessageIsOneItsOwnDecoderAccepts() {
        ByteBuf wire = FrontendMessages.startupMessage(alloc, Map.of("user", "bob"));
        wire.skipBytes(4);
        StartupPacket p = StartupPacketDecoder.decode(wire);
        wire.release();
        assertThat(p).isInstanceOfSatisfying(StartupPacket.StartupMessage.class, m -> {
            assertThat(m.user()).isEqualTo("bob");
            assertThat(m.minorVersion()).isZero();
        });
    }

    @Test
    void sslRequest() {
        assertThatStartupPacket(FrontendMessages.sslRequest(alloc)).int32(80877103).end();
    }

    @Test
    void cancelRequestWithFourAndWith256ByteKeys() {
        assertThatStartupPacket(FrontendMessages.cancelRequest(alloc, 99, new byte[]{9, 8, 7, 6}))
                .int32(80877102).int32(99).bytes(new byte[]{9, 8, 7, 6}).end();
        byte[] longKey = new byte[256];
        for (int i = 0; i < longKey.length; i++) {
            longKey[i] = (byte) i;
        }
        assertThatStartupPacket(FrontendMessages.cancelRequest(alloc, 99, longKey))
                .int32(80877102).int32(99).bytes(longKey).end();
    }

    @Test
    void query() {
        assertThatFrontend(FrontendMessages.query(alloc, "DISCARD ALL")).is(QUERY).cString("DISCARD ALL").end();
    }

    @Test
    void terminate() {
        assertThatFrontend(FrontendMessages.terminate(alloc)).is(TERMINATE).end();
    }

    @Test
    void passwordMessageCarriesCleartextAndSaslPayloadsAlike() {
        ByteBuf cleartext = Unpooled.buffer().writeBytes("s3cret\0".getBytes(StandardCharsets.UTF_8));
        assertThatFrontend(FrontendMessages.password(alloc, cleartext)).is(PASSWORD).cString("s3cret").end();

        String clientFirst = "n,,n=,r=abc";
        ByteBuf initial = Unpooled.buffer().writeBytes("SCRAM-SHA-256\0".getBytes(StandardCharsets.US_ASCII))
                .writeInt(clientFirst.length()).writeBytes(clientFirst.getBytes(StandardCharsets.UTF_8));
        assertThatFrontend(FrontendMessages.password(alloc, initial))
                .is(PASSWORD).cString("SCRAM-SHA-256").int32(clientFirst.length()).rest(clientFirst).end();

        ByteBuf response = Unpooled.buffer().writeBytes("c=biws,r=abc,p=xyz".getBytes(StandardCharsets.UTF_8));
        assertThatFrontend(FrontendMessages.password(alloc, response)).is(PASSWORD).rest("c=biws,r=abc,p=xyz").end();
    }

    @Test
    void theEncodersAgreeWithAHandBuiltClient() {
        assertSameBytes(FrontendMessages.terminate(alloc), ClientMessages.terminate());
        assertSameBytes(FrontendMessages.sslRequest(alloc), ClientMessages.sslRequest());
        assertSameBytes(FrontendMessages.cancelRequest(alloc, 5, new byte[]{1, 2, 3, 4}),
                ClientMessages.cancelRequest(5, new byte[]{1, 2, 3, 4}));
    }

    private static void assertSameBytes(ByteBuf ours, ByteBuf theirs) {
        try {
            assertThat(io.netty.buffer.ByteBufUtil.hexDump(ours)).isEqualTo(io.netty.buffer.ByteBufUtil.hexDump(theirs));
        } finally {
            ours.release();
            theirs.release();
        }
    }
}
