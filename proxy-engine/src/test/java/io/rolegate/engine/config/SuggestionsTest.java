package io.rolegate.engine.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {
    private final List<String> listenKeys = List.of("host", "port", "tls", "allowCleartextOnLoopback");

    @Test
    void swappedLettersAndSmallTyposFindTheKey() {
        assertThat(Suggestions.closest("tsl", listenKeys)).contains("tls");
        assertThat(Suggestions.closest("prot", listenKeys)).contains("port");
        assertThat(Suggestions.closest("allowCleartextOnLoopbak", listenKeys)).contains("allowCleartextOnLoopback");
        assertThat(Suggestions.closest("HOST", listenKeys)).contains("host");
    }

    @Test
    void unrelatedWordsGetNoSuggestion() {
        assertThat(Suggestions.closest("database", listenKeys)).isEmpty();
        assertThat(Suggestions.closest("x", listenKeys)).isEmpty();
    }
}
