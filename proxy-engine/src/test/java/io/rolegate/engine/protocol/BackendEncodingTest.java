package io.rolegate.engine.protocol;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

import static io.rolegate.engine.protocol.BackendMessage.AUTHENTICATION;
import static io.rolegate.engine.protocol.BackendMessage.BACKEND_KEY_DATA;
import static io.rolegate.engine.protocol.BackendMessage.ERROR_RESPONSE;
import static io.rolegate.engine.protocol.BackendMessage.NEGOTIATE_PROTOCOL_VERSION;
import static io.rolegate.engine.protocol.BackendMessage.PARAMETER_STATUS;
import static io.rolegate.engine.protocol.BackendMessage.READY_FOR_QUERY;
import static io.rolegate.engine.protocol.MessageAssert.assertThatBackend;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every message the proxy writes to a client in the server's voice, byte for byte. */
class BackendEncodingTest {
    private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    @Test
    void fatalErrorResponseCarriesSeverityTwiceSqlStateMessageAndHint() {
        assertThatBackend(BackendMessages.fatal(alloc, SqlState.INVALID_PASSWORD, "rolegate: wrong password",
                "Check the directory password."))
                .is(ERROR_RESPONSE)
                .field(ErrorFields.SEVERITY, "FATAL")
                .field(ErrorFields.SEVERITY_NOT_LOCALIZED, "FATAL")
                .field(ErrorFields.SQLSTATE, "28P01")
                .field(ErrorFields.MESSAGE, "rolegate: wrong password")
                .field(ErrorFields.HINT, "Check the directory password.")
                .byte1(0)
                .end();
    }

    @Test
    void errorResponseWithDetailAndWithoutHint() {
        assertThatBackend(BackendMessages.error(alloc, "ERROR", SqlState.PROTOCOL_VIOLATION, "bad", "why", null))
                .is(ERROR_RESPONSE)
                .field(ErrorFields.SEVERITY, "ERROR")
                .field(ErrorFields.SEVERITY_NOT_LOCALIZED, "ERROR")
                .field(ErrorFields.SQLSTATE, "08P01")
                .field(ErrorFields.MESSAGE, "bad")
                .field(ErrorFields.DETAIL, "why")
                .byte1(0)
                .end();
    }

    @Test
    void errorTextIsUtf8AndTheLengthCountsBytesNotChars() {
        assertThatBackend(BackendMessages.fatal(alloc, SqlState.INVALID_AUTHORIZATION, "rolegate: user \"jürgen\" ✓",
                null))
                .is(ERROR_RESPONSE)
                .field(ErrorFields.SEVERITY, "FATAL")
                .field(ErrorFields.SEVERITY_NOT_LOCALIZED, "FATAL")
                .field(ErrorFields.SQLSTATE, "28000")
                .field(ErrorFields.MESSAGE, "rolegate: user \"jürgen\" ✓")
                .byte1(0)
                .end();
    }

    @Test
    void negotiateProtocolVersionNamesNewestMinorAndIgnoredOptions() {
        assertThatBackend(BackendMessages.negotiateProtocolVersion(alloc, 0,
                List.of("_pq_.command_compression", "_pq_.other")))
                .is(NEGOTIATE_PROTOCOL_VERSION)
                .int32(3 << 16)
                .int32(2)
                .cString("_pq_.command_compression")
                .cString("_pq_.other")
                .end();
        assertThatBackend(BackendMessages.negotiateProtocolVersion(alloc, 0, List.of()))
                .is(NEGOTIATE_PROTOCOL_VERSION).int32(3 << 16).int32(0).end();
    }

    @Test
    void backendKeyDataWithAFourByteKey() {
        assertThatBackend(BackendMessages.backendKeyData(alloc, 4242, 0xCAFEBABE))
                .is(BACKEND_KEY_DATA).int32(4242).int32(0xCAFEBABE).end();
    }

    @Test
    void backendKeyDataWithAProtocol32Key() {
        byte[] key = new byte[256];
        Arrays.fill(key, (byte) 0x5A);
        assertThatBackend(BackendMessages.backendKeyData(alloc, 7, key))
                .is(BACKEND_KEY_DATA).int32(7).bytes(key).end();
        assertThatBackend(BackendMessages.backendKeyData(alloc, 7, new byte[]{1, 2, 3, 4}))
                .is(BACKEND_KEY_DATA).int32(7).bytes(new byte[]{1, 2, 3, 4}).end();
        assertThatThrownBy(() -> BackendMessages.backendKeyData(alloc, 7, new byte[257]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackendMessages.backendKeyData(alloc, 7, new byte[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(TransactionStatus.class)
    void readyForQueryForEachStatus(TransactionStatus status) {
        assertThatBackend(BackendMessages.readyForQuery(alloc, status))
                .is(READY_FOR_QUERY).byte1(status.code()).end();
    }

    @Test
    void parameterStatus() {
        assertThatBackend(BackendMessages.parameterStatus(alloc, "application_name", ""))
                .is(PARAMETER_STATUS).cString("application_name").cString("").end();
        assertThatBackend(BackendMessages.parameterStatus(alloc, "TimeZone", "Europe/Zürich"))
                .is(PARAMETER_STATUS).cString("TimeZone").cString("Europe/Zürich").end();
    }

    @Test
    void authenticationOkAndCleartextPassword() {
        assertThatBackend(BackendMessages.authenticationOk(alloc))
                .is(AUTHENTICATION).int32(AuthenticationRequest.OK.code()).end();
        assertThatBackend(BackendMessages.authenticationCleartextPassword(alloc))
                .is(AUTHENTICATION).int32(AuthenticationRequest.CLEARTEXT_PASSWORD.code()).end();
    }

    @Test
    void authenticationSaslListsTheMechanismsAndEndsWithAnEmptyOne() {
        assertThatBackend(AuthenticationMessages.sasl(alloc, List.of(AuthenticationMessages.SCRAM_SHA_256)))
                .is(AUTHENTICATION).int32(AuthenticationRequest.SASL.code())
                .cString("SCRAM-SHA-256").byte1(0).end();
    }

    @Test
    void theServersSaslOfferReachesTheClientWithoutChannelBinding() {
        var body = io.netty.buffer.Unpooled.buffer().writeInt(10)
                .writeBytes("SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatBackend(AuthenticationMessages.withoutChannelBinding(alloc, body))
                .is(AUTHENTICATION).int32(AuthenticationRequest.SASL.code()).cString("SCRAM-SHA-256").byte1(0).end();
    }

    @Test
    void anOfferOfChannelBindingAloneIsRefused() {
        var body = io.netty.buffer.Unpooled.buffer().writeInt(10)
                .writeBytes("SCRAM-SHA-256-PLUS\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> AuthenticationMessages.withoutChannelBinding(alloc, body))
                .isInstanceOf(ProtocolViolation.class)
                .hasMessage("the server offers only SCRAM-SHA-256-PLUS, which cannot cross a proxy");
    }

    /** What the proxy writes, read back by what the proxy reads with: the two agree. */
    @Test
    void encodedErrorReadsBackThroughErrorFields() {
        var wire = BackendMessages.error(alloc, "FATAL", "57P01", "rolegate: ended", "d", "h");
        wire.skipBytes(5);
        ErrorFields f = ErrorFields.parse(wire);
        wire.release();
        org.assertj.core.api.Assertions.assertThat(f.sqlState()).isEqualTo("57P01");
        org.assertj.core.api.Assertions.assertThat(f.severity()).isEqualTo("FATAL");
        org.assertj.core.api.Assertions.assertThat(f.message()).isEqualTo("rolegate: ended");
        org.assertj.core.api.Assertions.assertThat(f.detail()).isEqualTo("d");
        org.assertj.core.api.Assertions.assertThat(f.hint()).isEqualTo("h");
    }
}
