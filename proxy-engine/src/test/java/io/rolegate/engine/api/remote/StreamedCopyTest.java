package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.model.EngineException;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A streamed export is copied exactly; one the engine cut (its error line last) throws instead of looking whole. */
class StreamedCopyTest {
    /** Hands out a few characters a read, as a network stream does. */
    private static Reader trickling(String text) {
        return new StringReader(text) {
            @Override
            public int read(char[] buf, int off, int len) throws java.io.IOException {
                return super.read(buf, off, Math.min(len, 3));
            }
        };
    }

    @Test
    void aWholeAnswerIsCopiedCharacterForCharacter() throws Exception {
        String csv = "seq,time\r\n1,\"a\nb\"\r\n2,x\r\nlast line without end";
        StringWriter out = new StringWriter();
        StreamedCopy.copy(trickling(csv), out);
        assertThat(out.toString()).isEqualTo(csv);
        StringWriter empty = new StringWriter();
        StreamedCopy.copy(trickling(""), empty);
        assertThat(empty.toString()).isEmpty();
    }

    @Test
    void anAnswerCutByTheEngineThrowsWithItsWords() {
        String cut = "{\"seq\":1}\n{\"seq\":2}\n\n{\"kind\":\"error\",\"status\":500,\"message\":\"the answer is"
                + " incomplete: the store went away\"}\n";
        StringWriter out = new StringWriter();
        assertThatThrownBy(() -> StreamedCopy.copy(trickling(cut), out)).isInstanceOf(EngineException.class)
                .hasMessage("the answer is incomplete: the store went away");
        assertThat(out.toString()).doesNotContain("kind");
    }
}
