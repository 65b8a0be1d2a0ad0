package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartupPacketDecoderTest {

    private static ByteBuf body(int code, String... pairs) {
        ByteBuf b = Unpooled.buffer().writeInt(code);
        for (String s : pairs) {
            b.writeBytes(s.getBytes(StandardCharsets.UTF_8)).writeByte(0);
        }
        return b.writeByte(0);
    }

    @Test
    void startupMessageKeepsParametersInOrderAndSetsProtocolOptionsApart() {
        StartupPacket p = StartupPacketDecoder.decode(body((3 << 16) | 2, "user", "alice", "database", "",
                "_pq_.command_compression", "on", "options", "-c search_path=x", "application_name", ""));
        assertThat(p).isInstanceOf(StartupPacket.StartupMessage.class);
        StartupPacket.StartupMessage m = (StartupPacket.StartupMessage) p;
        assertThat(m.minorVersion()).isEqualTo(2);
        assertThat(m.parameters()).containsExactly(
                java.util.Map.entry("user", "alice"), java.util.Map.entry("database", ""),
                java.util.Map.entry("options", "-c search_path=x"), java.util.Map.entry("application_name", ""));
        assertThat(m.database()).as("empty database defaults to the user").isEqualTo("alice");
        assertThat(m.protocolOptions()).containsExactly("_pq_.command_compression");
        assertThat(m.isReplication()).isFalse();
    }

    @Test
    void replicationIsRecognised() {
        var m = (StartupPacket.StartupMessage) StartupPacketDecoder.decode(
                body(3 << 16, "user", "r", "replication", "database"));
        assertThat(m.isReplication()).isTrue();
    }

    @Test
    void requestCodes() {
        assertThat(StartupPacketDecoder.decode(Unpooled.buffer().writeInt(StartupCodes.SSL_REQUEST)))
                .isInstanceOf(StartupPacket.SslRequest.class);
        assertThat(StartupPacketDecoder.decode(Unpooled.buffer().writeInt(StartupCodes.GSSENC_REQUEST)))
                .isInstanceOf(StartupPacket.GssEncRequest.class);
        StartupPacket c = StartupPacketDecoder.decode(
                Unpooled.buffer().writeInt(StartupCodes.CANCEL_REQUEST).writeInt(77).writeBytes(new byte[32]));
        assertThat(c).isInstanceOfSatisfying(StartupPacket.CancelRequest.class, r -> {
            assertThat(r.processId()).isEqualTo(77);
            assertThat(r.secretKey()).hasSize(32); // protocol 3.2 keys are longer than 4 bytes
        });
    }

    @Test
    void malformedPacketsAreProtocolViolations() {
        assertThatThrownBy(() -> StartupPacketDecoder.decode(Unpooled.buffer().writeInt(2 << 16)))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining("protocol 2.0");
        assertThatThrownBy(() -> StartupPacketDecoder.decode(
                Unpooled.buffer().writeInt(3 << 16).writeBytes("user\0alice".getBytes())))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining("not terminated");
        assertThatThrownBy(() -> StartupPacketDecoder.decode(body(3 << 16, "user", "a", "user", "b")))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> StartupPacketDecoder.decode(
                Unpooled.buffer().writeInt(StartupCodes.SSL_REQUEST).writeByte(1)))
                .isInstanceOf(ProtocolViolation.class);
        assertThatThrownBy(() -> StartupPacketDecoder.decode(
                Unpooled.buffer().writeInt(StartupCodes.CANCEL_REQUEST).writeInt(1)))
                .isInstanceOf(ProtocolViolation.class);
    }

    @Test
    void protocol32StartupMessage() {
        ByteBuf packet = ClientMessages.startup(2, "user", "alice", "_pq_.test_option", "x").buf();
        packet.skipBytes(4);
        var m = (StartupPacket.StartupMessage) StartupPacketDecoder.decode(packet);
        assertThat(m.majorVersion()).isEqualTo(3);
        assertThat(m.minorVersion()).isEqualTo(2);
        assertThat(m.protocolOptions()).containsExactly("_pq_.test_option");
        assertThat(m.parameters()).containsOnlyKeys("user");
    }

    @Test
    void cancelRequestKeysOfFourTo256Bytes() {
        for (int keyLength : new int[]{4, 32, 256}) {
            byte[] key = new byte[keyLength];
            key[keyLength - 1] = 9;
            ByteBuf packet = ClientMessages.cancelRequest(1234, key);
            assertThat(packet.getInt(0)).as("length word").isEqualTo(12 + keyLength);
            packet.skipBytes(4);
            assertThat(StartupPacketDecoder.decode(packet)).isInstanceOfSatisfying(StartupPacket.CancelRequest.class,
                    c -> {
                        assertThat(c.processId()).isEqualTo(1234);
                        assertThat(c.secretKey()).isEqualTo(key);
                    });
        }
    }

    @Test
    void cancelRequestKeysOutsideFourTo256AreRefused() {
        for (int keyLength : new int[]{0, 3, 257}) {
            ByteBuf packet = ClientMessages.cancelRequest(1, new byte[keyLength]);
            packet.skipBytes(4);
            assertThatThrownBy(() -> StartupPacketDecoder.decode(packet)).as("%d-byte key", keyLength)
                    .isInstanceOf(ProtocolViolation.class).hasMessage("CancelRequest has an invalid length");
        }
    }

    @Test
    void sslAndGssEncRequestsCarryNothingElse() {
        ByteBuf ssl = ClientMessages.sslRequest();
        assertThat(ssl.readInt()).isEqualTo(StartupCodes.MIN_PACKET);
        assertThat(StartupPacketDecoder.decode(ssl)).isInstanceOf(StartupPacket.SslRequest.class);
        ByteBuf gss = ClientMessages.gssEncRequest();
        assertThat(gss.readInt()).isEqualTo(StartupCodes.MIN_PACKET);
        assertThat(StartupPacketDecoder.decode(gss)).isInstanceOf(StartupPacket.GssEncRequest.class);
        assertThatThrownBy(() -> StartupPacketDecoder.decode(
                Unpooled.buffer().writeInt(StartupCodes.GSSENC_REQUEST).writeInt(0)))
                .isInstanceOf(ProtocolViolation.class).hasMessage("GSSENCRequest has 4 unexpected trailing bytes");
    }

    @Test
    void truncatedAndUnterminatedStartupPackets() {
        assertThatThrownBy(() -> StartupPacketDecoder.decode(Unpooled.buffer().writeShort(3)))
                .isInstanceOf(ProtocolViolation.class).hasMessage("startup packet too short");
        assertThatThrownBy(() -> StartupPacketDecoder.decode(Unpooled.buffer().writeInt(3 << 16)))
                .as("not even the final NUL").isInstanceOf(ProtocolViolation.class)
                .hasMessage("startup packet is not terminated");
        assertThatThrownBy(() -> StartupPacketDecoder.decode(
                Unpooled.buffer().writeInt(3 << 16).writeBytes("user\0alice\0".getBytes())))
                .as("no empty name at the end").isInstanceOf(ProtocolViolation.class)
                .hasMessage("startup packet is not terminated");
        assertThatThrownBy(() -> StartupPacketDecoder.decode(
                Unpooled.buffer().writeInt(3 << 16).writeBytes("user\0alice\0\0x".getBytes())))
                .isInstanceOf(ProtocolViolation.class).hasMessage("startup packet has bytes after its terminator");
        assertThatThrownBy(() -> StartupPacketDecoder.decode(Unpooled.buffer().writeInt(4 << 16).writeByte(0)))
                .isInstanceOf(ProtocolViolation.class)
                .hasMessage("unsupported frontend protocol 4.0: the proxy supports protocol 3.0");
    }

    /** Any bytes at all: a valid parse or a ProtocolViolation, nothing else escapes. */
    @Property(tries = 3000)
    void anyBytesParseOrFailCleanly(@ForAll @Size(max = 300) byte[] bytes) {
        try {
            StartupPacketDecoder.decode(Unpooled.wrappedBuffer(bytes));
        } catch (ProtocolViolation expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    /** Bytes that start like a real StartupMessage reach deeper into the parser. */
    @Property(tries = 3000)
    void startupLikeBytesParseOrFailCleanly(@ForAll @Size(max = 200) byte[] tail) {
        ByteBuf b = Unpooled.buffer().writeInt(3 << 16).writeBytes(tail);
        try {
            StartupPacketDecoder.decode(b);
        } catch (ProtocolViolation expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
