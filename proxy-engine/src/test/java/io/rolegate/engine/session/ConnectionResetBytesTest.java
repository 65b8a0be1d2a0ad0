package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.rolegate.engine.protocol.FrontendMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A kept server connection's reset at byte level: the proxy sends DISCARD ALL to a scripted server on an
 * EmbeddedChannel and keeps the connection only on CommandComplete then ReadyForQuery 'I'; anything else, including
 * bytes that are not PostgreSQL, ends it with Terminate.
 */
@Tag("leaks")
class ConnectionResetBytesTest {
    private final EmbeddedChannel server = new EmbeddedChannel();
    private final KeptConnections pool = new KeptConnections(Duration.ofMinutes(1), 2);
    private final KeptConnections.Kept kept = new KeptConnections.Kept(server, null, "k", "rg_alice", 7,
            new byte[]{1, 2, 3, 4}, Map.of("application_name", "app"));

    private static ByteBuf message(char type, String... cStrings) {
        ByteBuf b = Unpooled.buffer().writeByte(type).writeInt(0);
        for (String s : cStrings) {
            b.writeBytes(s.getBytes(StandardCharsets.UTF_8)).writeByte(0);
        }
        return b.setInt(1, b.writerIndex() - 1);
    }

    private static ByteBuf readyForQuery(char status) {
        return Unpooled.buffer().writeByte('Z').writeInt(5).writeByte(status);
    }

    /** Starts the reset and checks the proxy's one message: Query "DISCARD ALL". */
    private void reset() {
        pool.keep(kept);
        ByteBuf sent = server.readOutbound();
        assertThat(sent.readByte()).isEqualTo(FrontendMessage.QUERY.code());
        assertThat(sent.readInt()).isEqualTo(sent.readableBytes() + 4);
        assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo("DISCARD ALL\0");
        sent.release();
    }

    /** The connection was given up: the proxy said Terminate and closed it, and nothing is kept. */
    private void assertGivenUp() {
        ByteBuf sent = server.readOutbound();
        assertThat(sent).as("Terminate sent").isNotNull();
        assertThat(sent.readByte()).isEqualTo(FrontendMessage.TERMINATE.code());
        assertThat(sent.readInt()).isEqualTo(4);
        sent.release();
        assertThat(server.isOpen()).isFalse();
        assertThat(pool.idle()).isZero();
    }

    @Test
    void keptAfterCommandCompleteAndIdleWithNewParametersAndNoticesDropped() {
        reset();
        server.writeInbound(message('N', "SNOTICE", "Mhello", ""), message('S', "application_name", ""),
                message('C', "DISCARD ALL"), readyForQuery('I'));
        assertThat(pool.idle()).isEqualTo(1);
        assertThat(kept.parameters).containsEntry("application_name", "");
        assertThat((Object) server.readOutbound()).isNull();
        assertThat(server.isOpen()).isTrue();
        server.finishAndReleaseAll();
    }

    @Test
    void aServerStillInATransactionIsNotKept() {
        reset();
        server.writeInbound(message('C', "DISCARD ALL"), readyForQuery('T'));
        assertGivenUp();
    }

    @Test
    void anUnknownTransactionStatusIsNotKept() {
        reset();
        server.writeInbound(message('C', "DISCARD ALL"), readyForQuery('?'));
        assertGivenUp();
    }

    @Test
    void readyForQueryWithoutCommandCompleteIsNotKept() {
        reset();
        server.writeInbound(readyForQuery('I'));
        assertGivenUp();
    }

    @Test
    void anErrorOrAnUnknownMessageTypeIsNotKept() {
        reset();
        server.writeInbound(message('E', "SERROR", "C25001", "Mno", ""));
        assertGivenUp();
        ConnectionResetBytesTest other = new ConnectionResetBytesTest();
        other.reset();
        other.server.writeInbound(message('!', "x"));
        other.assertGivenUp();
    }

    @Test
    void aParameterStatusWithoutItsTerminatorIsNotKept() {
        reset();
        ByteBuf cut = Unpooled.buffer().writeByte('S').writeInt(4 + 4).writeBytes("TZ\0U".getBytes(StandardCharsets.UTF_8));
        server.writeInbound(cut);
        assertGivenUp();
    }

    @Test
    void aLengthWordBeyondTheCapIsNotKept() {
        reset();
        server.writeInbound(Unpooled.buffer().writeByte('C').writeInt(1 << 20));
        assertGivenUp();
    }
}
