package io.rolegate.console.sessions;

import io.rolegate.console.common.BusyTasks;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.Formats;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.engine.api.model.FleetActionResult;
import io.rolegate.engine.api.model.FleetActionResult.Outcome;
import io.rolegate.engine.api.model.SessionSnapshot;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the sessions view does to one session: disconnect, cancel its query, trace it. Each asks first (a reason, a
 * confirmation that names the session and its node), then runs in the background — another node answers within
 * 5 s, and the window stays alive meanwhile — and says what became of it in the node's words.
 */
final class SessionCommands {
    private final SessionActions actions;
    private final TaskExecutor executor;
    private final BusyTasks tasks;
    private final DialogService dialogs;
    private final Consumer<String> said;
    private final Runnable changed;
    /** Opens a trace window (set by the view); a started trace is handed to it on the JavaFX thread. */
    private Consumer<TraceViewModel> traceOpener = t -> { };

    /**
     * @param said    the view's last-action line
     * @param changed told when a row's state changed (the selection's buttons and details follow)
     */
    SessionCommands(SessionActions actions, TaskExecutor executor, BusyTasks tasks, DialogService dialogs,
                    Consumer<String> said, Runnable changed) {
        this.actions = actions;
        this.executor = executor;
        this.tasks = tasks;
        this.dialogs = dialogs;
        this.said = said;
        this.changed = changed;
    }

    /** "session #7", or "session #7 on node edge-2" for another node's. */
    static String name(SessionRow row) {
        return "session #" + row.id() + (row.local() ? "" : " on node " + row.node());
    }

    private static String capital(SessionRow row) {
        return "S" + name(row).substring(1);
    }

    /** Asks for a reason, then ends the session with FATAL 57P01 carrying it. */
    void disconnect(SessionRow row) {
        if (refused("Disconnect " + name(row))) {
            return;
        }
        SessionSnapshot s = row.snapshot();
        String who = name(row) + " (" + s.user() + " on " + s.database() + " from "
                + Formats.address(s.clientAddress()) + ")";
        dialogs.askForReason("Disconnect " + who + "?",
                        "The client receives FATAL 57P01 with this reason, and its open transaction rolls back.",
                        "Disconnect", DisconnectReasons::problem)
                .ifPresent(reason -> disconnect(row, reason));
    }

    void disconnect(SessionRow row, String reason) {
        if (DisconnectReasons.problem(reason).isPresent()) {
            throw new IllegalArgumentException("a disconnect needs a valid reason");
        }
        String r = reason.strip();
        String what = "Disconnect " + name(row);
        if (!row.local()) {
            said.accept("Asking node " + row.node() + " to disconnect session #" + row.id() + "…");
        }
        tasks.run(what.toLowerCase(java.util.Locale.ROOT), () -> actions.disconnect(row.node(), row.id(), r),
                done -> {
                    if (done.done()) {
                        row.markEnded(Instant.now(), "disconnected by you: " + r);
                        said.accept("Disconnected " + name(row) + ".");
                        changed.run();
                    } else if (done.outcome() == Outcome.NO_SUCH_SESSION) {
                        said.accept("");
                        dialogs.showError(what, "The session had already ended before the disconnect reached it"
                                + (row.local() ? "." : " (" + done.message() + ")."));
                    } else {
                        failed(what, done);
                    }
                },
                e -> {
                    said.accept("");
                    dialogs.showError(what, e.getMessage());
                });
    }

    /** Asks the server to cancel the session's running query, as pg_cancel_backend would. */
    void cancelQuery(SessionRow row) {
        if (refused("Cancel the query of " + name(row))) {
            return;
        }
        // the rows move every second: the question names the session, so the person cancels what they meant
        SessionSnapshot s = row.snapshot();
        if (!dialogs.confirm("Cancel the running query of " + name(row) + "?",
                capital(row) + ": " + s.user() + " on " + s.database() + " from "
                        + Formats.address(s.clientAddress())
                        + ". Its current statement fails with SQLSTATE 57014; the session stays connected.",
                "Cancel query")) {
            return;
        }
        String what = "Cancel the query of " + name(row);
        if (!row.local()) {
            said.accept("Asking node " + row.node() + " to cancel the query of session #" + row.id() + "…");
        }
        tasks.run(what.toLowerCase(java.util.Locale.ROOT), () -> actions.cancelQuery(row.node(), row.id()),
                done -> {
                    if (done.done()) {
                        said.accept("Cancel request sent for " + name(row) + "; its client sees SQLSTATE 57014.");
                    } else if (done.outcome() == Outcome.NOTHING_RUNNING) {
                        said.accept(capital(row) + " was not running a query; nothing to cancel.");
                    } else if (done.outcome() == Outcome.NO_SUCH_SESSION) {
                        said.accept("");
                        dialogs.showError(what, "The session had already ended (" + done.message() + ").");
                    } else {
                        failed(what, done);
                    }
                },
                e -> {
                    said.accept("");
                    dialogs.showError(what, "The cancel request did not reach the server: " + e.getMessage());
                });
    }

    /** The owning node is gone, did not answer in time, refused or failed: its words, and nothing was done. */
    private void failed(String what, FleetActionResult r) {
        said.accept(what + ": not done.");
        String m = r.message();
        dialogs.showError(what, Character.toUpperCase(m.charAt(0)) + m.substring(1) + (m.endsWith(".") ? "" : "."));
    }

    /**
     * Starts a protocol trace of the session in the background (the engine checks that this login is an auditor,
     * and audits the start) and opens its window. Only this node's sessions: a trace runs where the session does.
     */
    void trace(SessionRow row) {
        long id = row.id();
        Optional<String> refusal = actions.traceRefusal();
        if (refusal.isPresent()) {
            dialogs.showError("Trace session #" + id, refusal.get());
            return;
        }
        tasks.run("trace session #" + id, () -> actions.trace(id),
                feed -> {
                    said.accept("Tracing session #" + id + ".");
                    traceOpener.accept(new TraceViewModel(feed, executor, dialogs));
                },
                e -> dialogs.showError("Trace session #" + id, e.getMessage()));
    }

    void onTraceStarted(Consumer<TraceViewModel> opener) {
        this.traceOpener = opener;
    }

    /** A read-only login is told so before being asked for a reason it could not use. */
    private boolean refused(String what) {
        Optional<String> refusal = actions.refusal();
        refusal.ifPresent(why -> dialogs.showError(what, why));
        return refusal.isPresent();
    }
}
