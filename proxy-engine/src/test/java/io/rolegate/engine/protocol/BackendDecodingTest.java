package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the proxy reads from a server during startup, kept connections' resets and authentication: framed by
 * {@link TypedMessageDecoder} on an EmbeddedChannel, then read by the one parser each message has. Malformed input
 * ends in a {@link ProtocolViolation} with a message a DBA can read, never another exception.
 */
class BackendDecodingTest {
    private static final int CAP = 1 << 20;

    /** A scripted server writes {@code bytes} into a fresh decoder; returns the one message it frames. */
    private static TypedMessage frame(ByteBuf bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new TypedMessageDecoder(CAP));
        ch.writeInbound(bytes);
        TypedMessage m = ch.readInbound();
        assertThat(m).as("one whole message framed").isNotNull();
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
        return m;
    }

    private static ProtocolViolation framingError(int cap, ByteBuf bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new TypedMessageDecoder(cap));
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> {
            ch.writeInbound(bytes);
            ch.checkException();
        });
        closeQuietly(ch);
        assertThat(thrown).isInstanceOf(DecoderException.class).hasCauseInstanceOf(ProtocolViolation.class);
        return (ProtocolViolation) thrown.getCause();
    }

    /** On close the decoder reads the refused bytes once more and refuses them again: that is not news. */
    static void closeQuietly(EmbeddedChannel ch) {
        try {
            ch.finishAndReleaseAll();
        } catch (DecoderException again) {
            assertThat(again).hasCauseInstanceOf(ProtocolViolation.class);
        }
    }

    // --- framing ---------------------------------------------------------------------------------------------

    @Test
    void framesAMessageSplitAtEveryByte() {
        byte[] wire = Wire.typed('S').cString("DateStyle").cString("ISO, MDY").array();
        EmbeddedChannel ch = new EmbeddedChannel(new TypedMessageDecoder(CAP));
        for (byte b : wire) {
            assertThat((Object) ch.readInbound()).as("nothing before the last byte").isNull();
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[]{b}));
        }
        TypedMessage m = ch.readInbound();
        assertThat(m.type()).isEqualTo(BackendMessage.PARAMETER_STATUS.code());
        assertThat(ParameterStatus.parse(m.body())).isEqualTo(new ParameterStatus("DateStyle", "ISO, MDY"));
        m.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void framesSeveralMessagesInOneRead() {
        ByteBuf both = Unpooled.wrappedBuffer(ServerMessages.parameterStatus("a", "1"),
                ServerMessages.parameterStatus("b", "2"), ServerMessages.readyForQuery('I'));
        EmbeddedChannel ch = new EmbeddedChannel(new TypedMessageDecoder(CAP));
        ch.writeInbound(both);
        TypedMessage a = ch.readInbound();
        TypedMessage b = ch.readInbound();
        TypedMessage z = ch.readInbound();
        assertThat(ParameterStatus.parse(a.body()).name()).isEqualTo("a");
        assertThat(ParameterStatus.parse(b.body()).value()).isEqualTo("2");
        assertThat(TransactionStatus.of(z.body())).isEqualTo(TransactionStatus.IDLE);
        a.release();
        b.release();
        z.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void aLengthBelowFourIsAProtocolError() {
        assertThat(framingError(CAP, Wire.typed('Z').length(3).buf()))
                .hasMessage("message 'Z' has invalid length 3");
        assertThat(framingError(CAP, Wire.typed('R').length(-1).buf()))
                .hasMessage("message 'R' has invalid length -1");
    }

    @Test
    void aLengthBeyondTheCapIsAProtocolErrorBeforeAnyBodyArrives() {
        assertThat(framingError(64, Wire.typed('E').length(65).buf()))
                .hasMessage("message 'E' has invalid length 65");
        assertThat(framingError(CAP, Wire.typed((char) 0x16).length(Integer.MAX_VALUE).buf()))
                .hasMessageContaining("'0x16'");
    }

    @Test
    void aTruncatedMessageWaitsForTheRest() {
        EmbeddedChannel ch = new EmbeddedChannel(new TypedMessageDecoder(CAP));
        ch.writeInbound(Wire.typed('S').length(20).cString("a").buf());
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aFramedMessageGoesBackOnTheWireAsItCame() {
        byte[] wire = Wire.typed('S').cString("server_version").cString("18.1").array();
        TypedMessage m = frame(Unpooled.wrappedBuffer(wire));
        ByteBuf back = m.toWire(Unpooled.buffer().alloc());
        byte[] again = new byte[back.readableBytes()];
        back.readBytes(again);
        back.release();
        assertThat(m.toString()).isEqualTo("TypedMessage(S, 20 bytes)");
        m.release();
        assertThat(again).isEqualTo(wire);
    }

    // --- ReadyForQuery ---------------------------------------------------------------------------------------

    @Test
    void readyForQueryForEachStatus() {
        for (char c : new char[]{'I', 'T', 'E'}) {
            TypedMessage m = frame(ServerMessages.readyForQuery(c));
            assertThat(BackendMessage.of(m.type())).isEqualTo(BackendMessage.READY_FOR_QUERY);
            assertThat(TransactionStatus.of(m.body()).code()).isEqualTo((byte) c);
            m.release();
        }
        TypedMessage bad = frame(ServerMessages.readyForQuery('Q'));
        assertThatThrownBy(() -> TransactionStatus.of(bad.body())).isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining("'Q'");
        bad.release();
    }

    // --- ParameterStatus -------------------------------------------------------------------------------------

    @Test
    void parameterStatusNameAndValue() {
        TypedMessage m = frame(ServerMessages.parameterStatus("application_name", ""));
        assertThat(ParameterStatus.parse(m.body())).isEqualTo(new ParameterStatus("application_name", ""));
        assertThat(m.body().readerIndex()).as("reader index untouched").isZero();
        m.release();
    }

    @Test
    void parameterStatusWithoutItsTerminatorsIsAProtocolError() {
        assertThatThrownBy(() -> ParameterStatus.parse(Wire.body().text("TimeZone").buf()))
                .isInstanceOf(ProtocolViolation.class).hasMessage("ParameterStatus without its terminating zeros");
        assertThatThrownBy(() -> ParameterStatus.parse(Wire.body().cString("TimeZone").text("UTC").buf()))
                .isInstanceOf(ProtocolViolation.class);
        assertThatThrownBy(() -> ParameterStatus.parse(Unpooled.EMPTY_BUFFER)).isInstanceOf(ProtocolViolation.class);
    }

    @Test
    void parameterStatusFromTheRelaysCapturedBytes() {
        byte[] body = Wire.body().cString("application_name").cString("psql ✓").array();
        assertThat(ParameterStatus.valueIfNamed("application_name", body, body.length)).isEqualTo("psql ✓");
        assertThat(ParameterStatus.valueIfNamed("application_nam", body, body.length)).as("prefix only").isNull();
        assertThat(ParameterStatus.valueIfNamed("TimeZone", body, body.length)).isNull();
        assertThat(ParameterStatus.valueIfNamed("application_name", body, body.length - 1)).as("cut short").isNull();
        assertThat(ParameterStatus.valueIfNamed("application_name", body, 5)).isNull();
        byte[] padded = Arrays.copyOf(body, 300); // the capture array is reused: bytes past length are stale
        assertThat(ParameterStatus.valueIfNamed("application_name", padded, body.length)).isEqualTo("psql ✓");
        byte[] empty = Wire.body().cString("application_name").cString("").array();
        assertThat(ParameterStatus.valueIfNamed("application_name", empty, empty.length)).isEmpty();
    }

    // --- ErrorResponse / NoticeResponse ----------------------------------------------------------------------

    @Test
    void errorResponseFields() {
        TypedMessage m = frame(ServerMessages.fields('E', "S", "FATAL", "V", "FATAL", "C", "28P01",
                "M", "password authentication failed for user \"rg_alice\"", "R", "auth_failed"));
        assertThat(BackendMessage.of(m.type())).isEqualTo(BackendMessage.ERROR_RESPONSE);
        ErrorFields f = ErrorFields.parse(m.body());
        m.release();
        assertThat(f.sqlState()).isEqualTo(SqlState.INVALID_PASSWORD);
        assertThat(f.severity()).isEqualTo("FATAL");
        assertThat(f.message()).isEqualTo("password authentication failed for user \"rg_alice\"");
        assertThat(f.field((byte) 'R')).isEqualTo("auth_failed");
        assertThat(f.detail()).isEmpty();
    }

    @Test
    void noticeResponseFieldsWithALocalizedSeverity() {
        TypedMessage m = frame(ServerMessages.fields('N', "S", "HINWEIS", "V", "NOTICE", "C", "00000",
                "M", "hello"));
        assertThat(BackendMessage.of(m.type())).isEqualTo(BackendMessage.NOTICE_RESPONSE);
        ErrorFields f = ErrorFields.parse(m.body());
        m.release();
        assertThat(f.severity()).as("the untranslated one wins").isEqualTo("NOTICE");
        assertThat(f.sqlState()).isEqualTo("00000");
        assertThat(ErrorFields.parse(Wire.body().byte1('S').cString("WARNING").byte1(0).buf()).severity())
                .as("servers before 9.6 send only S").isEqualTo("WARNING");
    }

    @Test
    void aTruncatedErrorKeepsTheFieldsBeforeTheCut() {
        ErrorFields f = ErrorFields.parse(Wire.body().byte1('C').cString("08P01").byte1('M').text("cut of").buf());
        assertThat(f.sqlState()).isEqualTo("08P01");
        assertThat(f.message()).isEmpty();
        assertThat(ErrorFields.parse(Unpooled.EMPTY_BUFFER).fields()).isEmpty();
    }

    // --- Authentication requests -----------------------------------------------------------------------------

    @Test
    void authenticationOkCleartextAndMd5() {
        TypedMessage ok = frame(ServerMessages.authentication(0).buf());
        assertThat(AuthenticationMessages.request(ok.body())).isEqualTo(AuthenticationRequest.OK);
        ok.release();
        TypedMessage clear = frame(ServerMessages.authentication(3).buf());
        assertThat(AuthenticationMessages.request(clear.body())).isEqualTo(AuthenticationRequest.CLEARTEXT_PASSWORD);
        clear.release();
        TypedMessage md5 = frame(ServerMessages.authentication(5).bytes(new byte[]{1, 2, 3, 4}).buf());
        assertThat(AuthenticationMessages.request(md5.body())).isEqualTo(AuthenticationRequest.MD5_PASSWORD);
        assertThat(md5.body().readableBytes()).as("code and salt").isEqualTo(8);
        md5.release();
        TypedMessage unknown = frame(ServerMessages.authentication(99).buf());
        assertThat(AuthenticationMessages.request(unknown.body())).isNull();
        assertThat(AuthenticationMessages.code(unknown.body())).isEqualTo(99);
        unknown.release();
    }

    @Test
    void authenticationSaslListsItsMechanisms() {
        TypedMessage m = frame(ServerMessages.authenticationSasl("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"));
        assertThat(AuthenticationMessages.request(m.body())).isEqualTo(AuthenticationRequest.SASL);
        assertThat(AuthenticationMessages.saslMechanisms(m.body()))
                .containsExactly("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256");
        m.release();
    }

    @Test
    void saslContinueAndFinalCarryTheServersScramMessages() {
        TypedMessage cont = frame(ServerMessages.authentication(11).text("r=abc,s=c2FsdA==,i=4096").buf());
        assertThat(AuthenticationMessages.request(cont.body())).isEqualTo(AuthenticationRequest.SASL_CONTINUE);
        assertThat(cont.body().toString(4, cont.body().readableBytes() - 4, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("r=abc,s=c2FsdA==,i=4096");
        cont.release();
        TypedMessage fin = frame(ServerMessages.authentication(12).text("v=c2lnbmF0dXJl").buf());
        assertThat(AuthenticationMessages.request(fin.body())).isEqualTo(AuthenticationRequest.SASL_FINAL);
        fin.release();
    }

    @Test
    void malformedAuthenticationRequestsAreProtocolErrors() {
        assertThatThrownBy(() -> AuthenticationMessages.code(Wire.body().byte1(0).byte1(0).buf()))
                .isInstanceOf(ProtocolViolation.class).hasMessage("authentication message too short");
        assertThatThrownBy(() -> AuthenticationMessages.saslMechanisms(
                Wire.body().int32(10).cString("SCRAM-SHA-256").buf()))
                .isInstanceOf(ProtocolViolation.class).hasMessage("AuthenticationSASL mechanism list is not terminated");
        assertThatThrownBy(() -> AuthenticationMessages.saslMechanisms(Wire.body().int32(10).text("SCRAM").buf()))
                .isInstanceOf(ProtocolViolation.class);
        assertThatThrownBy(() -> AuthenticationMessages.saslMechanisms(Wire.body().int32(10).buf()))
                .isInstanceOf(ProtocolViolation.class);
    }

    // --- BackendKeyData --------------------------------------------------------------------------------------

    @Test
    void backendKeyDataWithAFourByteKey() {
        TypedMessage m = frame(ServerMessages.backendKeyData(31337, new byte[]{1, 2, 3, 4}));
        BackendKeyData k = BackendKeyData.decode(m.body());
        m.release();
        assertThat(k.processId()).isEqualTo(31337);
        assertThat(k.secretKey()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void backendKeyDataWithAProtocol32Key() {
        byte[] key = new byte[256];
        Arrays.fill(key, (byte) 0x7E);
        TypedMessage m = frame(ServerMessages.backendKeyData(1, key));
        BackendKeyData k = BackendKeyData.decode(m.body());
        m.release();
        assertThat(k.secretKey()).isEqualTo(key);
    }

    @Test
    void backendKeyDataOfAnImpossibleSizeIsAProtocolError() {
        for (int keyLength : List.of(0, 3, 257, 1000)) {
            ByteBuf body = Wire.body().int32(1).bytes(new byte[keyLength]).buf();
            assertThatThrownBy(() -> BackendKeyData.decode(body)).as("%d-byte key", keyLength)
                    .isInstanceOf(ProtocolViolation.class)
                    .hasMessage("BackendKeyData body of " + (4 + keyLength)
                            + " bytes: expected a process id and a key of 4 to 256 bytes");
        }
        assertThatThrownBy(() -> BackendKeyData.decode(Wire.body().byte1(1).buf()))
                .isInstanceOf(ProtocolViolation.class);
    }
}
