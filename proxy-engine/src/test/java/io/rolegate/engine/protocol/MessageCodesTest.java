package io.rolegate.engine.protocol;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The types that stand for raw protocol bytes: each direction's message codes, transaction status, auth requests. */
class MessageCodesTest {

    @Test
    void transactionStatusIsOneOfThreeBytes() {
        assertThat(TransactionStatus.of((byte) 'I')).isEqualTo(TransactionStatus.IDLE);
        assertThat(TransactionStatus.of((byte) 'T')).isEqualTo(TransactionStatus.IN_TRANSACTION);
        assertThat(TransactionStatus.of((byte) 'E')).isEqualTo(TransactionStatus.FAILED);
        for (TransactionStatus s : TransactionStatus.values()) {
            assertThat(TransactionStatus.of(s.code())).isSameAs(s);
        }
    }

    @Test
    void anyOtherStatusByteIsAProtocolError() {
        assertThatThrownBy(() -> TransactionStatus.of((byte) 'X')).isInstanceOf(ProtocolViolation.class)
                .hasMessage("ReadyForQuery with unknown transaction status 'X' (expected I, T or E)");
        assertThatThrownBy(() -> TransactionStatus.of((byte) 0)).isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining("'0x00'");
        assertThatThrownBy(() -> TransactionStatus.of((byte) 'i')).isInstanceOf(ProtocolViolation.class);
    }

    @Test
    void readyForQueryBodyIsExactlyOneByte() {
        assertThat(TransactionStatus.of(Unpooled.wrappedBuffer(new byte[]{'T'}))).isEqualTo(TransactionStatus.IN_TRANSACTION);
        assertThatThrownBy(() -> TransactionStatus.of(Unpooled.EMPTY_BUFFER)).isInstanceOf(ProtocolViolation.class)
                .hasMessage("ReadyForQuery body has 0 bytes, not 1");
        assertThatThrownBy(() -> TransactionStatus.of(Unpooled.wrappedBuffer(new byte[]{'I', 'I'})))
                .isInstanceOf(ProtocolViolation.class).hasMessageContaining("2 bytes");
    }

    @Test
    void theSameLetterMeansSomethingElsePerDirection() {
        assertThat(BackendMessage.of((byte) 'S')).isEqualTo(BackendMessage.PARAMETER_STATUS);
        assertThat(FrontendMessage.of((byte) 'S')).isEqualTo(FrontendMessage.SYNC);
        assertThat(BackendMessage.of((byte) 'E')).isEqualTo(BackendMessage.ERROR_RESPONSE);
        assertThat(FrontendMessage.of((byte) 'E')).isEqualTo(FrontendMessage.EXECUTE);
        assertThat(BackendMessage.of((byte) 'D')).isEqualTo(BackendMessage.DATA_ROW);
        assertThat(FrontendMessage.of((byte) 'D')).isEqualTo(FrontendMessage.DESCRIBE);
        assertThat(BackendMessage.of((byte) 'C')).isEqualTo(BackendMessage.COMMAND_COMPLETE);
        assertThat(FrontendMessage.of((byte) 'C')).isEqualTo(FrontendMessage.CLOSE);
        assertThat(BackendMessage.of((byte) 'H')).isEqualTo(BackendMessage.COPY_OUT_RESPONSE);
        assertThat(FrontendMessage.of((byte) 'H')).isEqualTo(FrontendMessage.FLUSH);
    }

    @Test
    void unknownTypesAreNullToFindAndAnErrorToOf() {
        for (byte b : new byte[]{0, 'x', 'Q', (byte) 0x80, (byte) 0xFF, -1}) {
            assertThat(BackendMessage.find(b)).as("backend %s", b).isNull();
        }
        for (byte b : new byte[]{0, 'Z', 'R', (byte) 0x80, -1}) {
            assertThat(FrontendMessage.find(b)).as("frontend %s", b).isNull();
        }
        assertThatThrownBy(() -> BackendMessage.of((byte) 'Q')).isInstanceOf(ProtocolViolation.class)
                .hasMessage("unknown server message type 'Q'");
        assertThatThrownBy(() -> FrontendMessage.of((byte) 0xFE)).isInstanceOf(ProtocolViolation.class)
                .hasMessage("unknown client message type '0xfe'");
    }

    @ParameterizedTest
    @EnumSource(BackendMessage.class)
    void everyBackendCodeFindsItself(BackendMessage m) {
        assertThat(BackendMessage.find(m.code())).isSameAs(m);
    }

    @ParameterizedTest
    @EnumSource(FrontendMessage.class)
    void everyFrontendCodeFindsItself(FrontendMessage m) {
        assertThat(FrontendMessage.find(m.code())).isSameAs(m);
    }

    /** The holders' byte constants serve switch statements on raw bytes; they must say what the enums say. */
    @Test
    void switchConstantsAgreeWithTheTypes() {
        assertThat(BackendMessages.AUTHENTICATION).isEqualTo(BackendMessage.AUTHENTICATION.code());
        assertThat(BackendMessages.BACKEND_KEY_DATA).isEqualTo(BackendMessage.BACKEND_KEY_DATA.code());
        assertThat(BackendMessages.ERROR_RESPONSE).isEqualTo(BackendMessage.ERROR_RESPONSE.code());
        assertThat(BackendMessages.NOTICE_RESPONSE).isEqualTo(BackendMessage.NOTICE_RESPONSE.code());
        assertThat(BackendMessages.NEGOTIATE_PROTOCOL_VERSION).isEqualTo(BackendMessage.NEGOTIATE_PROTOCOL_VERSION.code());
        assertThat(BackendMessages.PARAMETER_STATUS).isEqualTo(BackendMessage.PARAMETER_STATUS.code());
        assertThat(BackendMessages.READY_FOR_QUERY).isEqualTo(BackendMessage.READY_FOR_QUERY.code());
        assertThat(BackendMessages.COPY_IN_RESPONSE).isEqualTo(BackendMessage.COPY_IN_RESPONSE.code());
        assertThat(BackendMessages.COPY_OUT_RESPONSE).isEqualTo(BackendMessage.COPY_OUT_RESPONSE.code());
        assertThat(BackendMessages.COPY_BOTH_RESPONSE).isEqualTo(BackendMessage.COPY_BOTH_RESPONSE.code());
        assertThat(FrontendMessages.QUERY).isEqualTo(FrontendMessage.QUERY.code());
        assertThat(FrontendMessages.PARSE).isEqualTo(FrontendMessage.PARSE.code());
        assertThat(FrontendMessages.EXECUTE).isEqualTo(FrontendMessage.EXECUTE.code());
        assertThat(FrontendMessages.SYNC).isEqualTo(FrontendMessage.SYNC.code());
        assertThat(FrontendMessages.TERMINATE).isEqualTo(FrontendMessage.TERMINATE.code());
        assertThat(FrontendMessages.PASSWORD).isEqualTo(FrontendMessage.PASSWORD.code());
        assertThat(FrontendMessages.COPY_DATA).isEqualTo(FrontendMessage.COPY_DATA.code());
        assertThat(FrontendMessages.COPY_DONE).isEqualTo(FrontendMessage.COPY_DONE.code());
        assertThat(FrontendMessages.COPY_FAIL).isEqualTo(FrontendMessage.COPY_FAIL.code());
    }

    @Test
    void authenticationRequestCodes() {
        assertThat(AuthenticationRequest.find(0)).isEqualTo(AuthenticationRequest.OK);
        assertThat(AuthenticationRequest.find(3)).isEqualTo(AuthenticationRequest.CLEARTEXT_PASSWORD);
        assertThat(AuthenticationRequest.find(5)).isEqualTo(AuthenticationRequest.MD5_PASSWORD);
        assertThat(AuthenticationRequest.find(10)).isEqualTo(AuthenticationRequest.SASL);
        assertThat(AuthenticationRequest.find(11)).isEqualTo(AuthenticationRequest.SASL_CONTINUE);
        assertThat(AuthenticationRequest.find(12)).isEqualTo(AuthenticationRequest.SASL_FINAL);
        assertThat(AuthenticationRequest.find(4)).as("crypt, gone since PostgreSQL 8.4").isNull();
        assertThat(AuthenticationRequest.find(-1)).isNull();
    }
}
