package io.rolegate.console.sessions;

import io.rolegate.console.common.SameThreadTaskExecutor;
import io.rolegate.console.common.ScriptedDialogs;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.TraceMessage;
import io.rolegate.engine.api.model.TraceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The trace window's decisions without a window: new lines only, status words, Stop, Export… and a refusal. */
class TraceViewModelTest {
    @TempDir
    Path dir;

    private static final class Feed implements TraceFeed {
        final List<TraceMessage> lines = new ArrayList<>();
        boolean running = true;
        String reason;
        long dropped;
        RuntimeException refuse;
        /** Thrown by the export after its first line (a stream the engine cut). */
        RuntimeException cut;

        void add(String from, String type, String summary) {
            long seq = lines.size() + dropped + 1;
            lines.add(new TraceMessage(seq, seq * 1000, from, type, 1, 10, summary, Map.of("n", seq)));
        }

        @Override
        public long sessionId() {
            return 7;
        }

        @Override
        public List<TraceMessage> after(long seq) {
            if (refuse != null) {
                throw refuse;
            }
            return lines.stream().filter(m -> m.seq() > seq).toList();
        }

        @Override
        public TraceStatus status() {
            return new TraceStatus(7, "carol", Instant.EPOCH, running, reason, lines.size() + dropped, lines.size(),
                    dropped, lines.size() + dropped);
        }

        @Override
        public void stop() {
            running = false;
            reason = "stopped by carol";
        }

        @Override
        public long export(Writer out) {
            try {
                for (TraceMessage m : lines) {
                    out.write(m.toJson());
                    out.write('\n');
                    if (cut != null) {
                        out.flush();
                        throw cut;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return lines.size();
        }
    }

    private final Feed feed = new Feed();
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final TraceViewModel vm = new TraceViewModel(feed, new SameThreadTaskExecutor(), dialogs);

    @Test
    void eachPollAddsOnlyTheNewLinesAndSaysWhatWasDropped() {
        feed.add("client", "Query", "select ?");
        vm.poll();
        feed.add("server", "CommandComplete", "SELECT 1");
        feed.dropped = 3;
        vm.poll();
        assertThat(vm.lines()).extracting(TraceMessage::type).containsExactly("Query", "CommandComplete");
        assertThat(vm.statusProperty().get()).isEqualTo("Tracing · 5 lines · 3 oldest dropped (buffer full)"
                + " · started by carol");
        assertThat(vm.title()).isEqualTo("Protocol trace · session #7");
    }

    @Test
    void stopLeavesTheLinesAndExportWritesJsonLinesWhereThePersonChose() throws Exception {
        feed.add("client", "Query", "select ?");
        vm.poll();
        vm.stop();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).startsWith("Stopped: stopped by carol");
        assertThat(vm.lines()).hasSize(1);

        Path file = dir.resolve("trace.jsonl");
        dialogs.choosingFile(file);
        vm.export();
        assertThat(Files.readAllLines(file)).containsExactly(
                "{\"seq\":1,\"nanos\":1000,\"from\":\"client\",\"type\":\"Query\",\"count\":1,\"bytes\":10,\"n\":1}");
        assertThat(vm.lastActionProperty().get()).isEqualTo("Exported 1 line to " + file + ".");
    }

    @Test
    void anExportTheEngineCutsFailsInWordsAndLeavesNoFile() {
        feed.add("client", "Query", "select ?");
        feed.add("server", "CommandComplete", "SELECT 1");
        feed.cut = new io.rolegate.engine.api.model.EngineException("the answer of the engine at"
                + " https://edge-1:9443 broke off: the engine ended the export with an error");
        Path file = dir.resolve("cut.jsonl");
        dialogs.choosingFile(file);
        vm.export();
        assertThat(file).as("no half-written trace that looks complete").doesNotExist();
        assertThat(dialogs.errors).containsExactly("Export the trace of session #7 to " + file + ": the answer of the"
                + " engine at https://edge-1:9443 broke off: the engine ended the export with an error");
        assertThat(vm.lastActionProperty().get()).isEqualTo("Export failed.");
        assertThat(vm.exportingProperty().get()).isFalse();
    }

    @Test
    void aRefusalStopsPollingWithTheEnginesWords() {
        feed.refuse = new PermissionDenied("refused to read the trace of session 7: bob is no console auditor");
        vm.poll();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.statusProperty().get()).isEqualTo("Cannot read the trace: refused to read the trace of"
                + " session 7: bob is no console auditor");
    }
}
