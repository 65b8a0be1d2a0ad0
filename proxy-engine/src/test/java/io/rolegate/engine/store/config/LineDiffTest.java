package io.rolegate.engine.store.config;

import io.rolegate.engine.api.model.LineDiff;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LineDiffTest {
    @Test
    void equalTextsHaveNoDiff() {
        assertThat(LineDiff.unified("a\nb\n", "a\nb\n", "x", "y")).isEmpty();
    }

    @Test
    void distantChangesGetSeparateHunksWithThreeLinesOfContext() {
        String before = lines(1, 20);
        String after = before.replace("line 2\n", "line two\n").replace("line 18\n", "");

        assertThat(LineDiff.unified(before, after, "a", "b")).isEqualTo("--- a\n+++ b\n"
                + "@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n line 3\n line 4\n line 5\n"
                + "@@ -15,6 +15,5 @@\n line 15\n line 16\n line 17\n-line 18\n line 19\n line 20\n");
    }

    @Test
    void insertionIntoAnEmptyTextAndDeletionOfEverything() {
        assertThat(LineDiff.unified("", "x\n", "a", "b")).isEqualTo("--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n");
        assertThat(LineDiff.unified("x\ny\n", "", "a", "b")).isEqualTo("--- a\n+++ b\n@@ -1,2 +0,0 @@\n-x\n-y\n");
    }

    @Test
    void aChangeOnlyInTheFinalNewlineIsStillShown() {
        assertThat(LineDiff.unified("a", "a\n", "a", "b")).contains("only line endings or the final newline differ");
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }
}
