package io.rolegate.console.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The views' one export-to-a-file shape (audit, recording, trace): the writing runs on a background thread, the
 * words come back on the UI thread, and a failure partway leaves no file that would look complete.
 */
class BusyTasksTest {
    @TempDir
    Path dir;

    /** Runs each task's work on a thread of its own and its callbacks on the caller's ("the UI") thread. */
    private static final class ElsewhereExecutor implements TaskExecutor {
        final List<Thread> workers = new ArrayList<>();

        @Override
        public <T> void execute(BackgroundTask<T> task) {
            Object[] result = new Object[1];
            Exception[] failure = new Exception[1];
            Thread worker = new Thread(() -> {
                try {
                    result[0] = task.call();
                } catch (Exception e) {
                    failure[0] = e;
                }
            }, "export-worker");
            workers.add(worker);
            worker.start();
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (failure[0] != null) {
                assertThat(task.failed(failure[0])).as("somebody handles the failure").isTrue();
            } else {
                @SuppressWarnings("unchecked") T r = (T) result[0];
                task.succeeded(r);
            }
        }

        @Override
        public void runOnUi(Runnable action) {
            action.run();
        }

        @Override
        public void close() {
        }
    }

    private final ElsewhereExecutor executor = new ElsewhereExecutor();
    private final BusyTasks tasks = new BusyTasks(executor);
    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final List<String> said = new ArrayList<>();

    @Test
    void theFileIsWrittenOffTheUiThreadAndTheWordsSayHowMany() throws Exception {
        Path file = dir.resolve("out.jsonl");
        Thread ui = Thread.currentThread();
        List<Thread> wroteOn = new ArrayList<>();
        tasks.writeFile("Export the trace of session #7", file, out -> {
            wroteOn.add(Thread.currentThread());
            out.write("{\"seq\":1}\n");
            return 1;
        }, n -> "Exported " + n + " line to " + file + ".", said::add, dialogs);

        assertThat(wroteOn).singleElement().isNotSameAs(ui).isSameAs(executor.workers.get(0));
        assertThat(Files.readString(file)).isEqualTo("{\"seq\":1}\n");
        assertThat(said).containsExactly("Exporting to " + file + "…", "Exported 1 line to " + file + ".");
        assertThat(dialogs.errors).isEmpty();
        assertThat(tasks.busyProperty().get()).isFalse();
    }

    @Test
    void aStreamCutPartwayFailsTheSaveInWordsAndLeavesNoFile() {
        Path file = dir.resolve("cut.jsonl");
        tasks.writeFile("Export the recording", file, out -> {
            out.write("{\"kind\":\"recording\",\"recording\":41}\n");
            out.flush(); // on disk already: the failure must take it away again
            throw new IllegalStateException("the answer of the engine at https://edge-1:9443 broke off: the engine"
                    + " ended the export with an error: the store went away");
        }, n -> "never said", said::add, dialogs);

        assertThat(file).as("no half-written file that looks complete").doesNotExist();
        assertThat(said).containsExactly("Exporting to " + file + "…", "Export failed.");
        assertThat(dialogs.errors).containsExactly("Export the recording to " + file + ": the answer of the engine"
                + " at https://edge-1:9443 broke off: the engine ended the export with an error: the store went away");
        assertThat(tasks.busyProperty().get()).isFalse();
    }
}
