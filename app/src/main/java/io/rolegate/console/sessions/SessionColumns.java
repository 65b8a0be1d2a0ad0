package io.rolegate.console.sessions;

import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

import java.util.List;
import java.util.Map;

/** What each column of the sessions table means, shown when the pointer rests on its header. */
final class SessionColumns {
    private static final Map<String, String> MEANING = Map.ofEntries(
            Map.entry("Node", "The fleet node the session lives on (fleet.node). Another node's session shows what"
                    + " that node publishes each second; disconnect and cancel are sent to it through the shared"
                    + " store, and it answers within 5 s."),
            Map.entry("User", "The database user name the client logged in with."),
            Map.entry("Client", "The client's address and port, as the proxy sees the connection."),
            Map.entry("Application", "application_name from the client's startup (psql, a JDBC pool, ...)."),
            Map.entry("Database", "The database the session is connected to."),
            Map.entry("State", "pg_stat_activity's state on the upstream server: active, idle, idle in transaction,"
                    + " or waiting when blocked behind another backend's lock. Before the server was read, the"
                    + " proxy's own view."),
            Map.entry("Wait event", "What the backend waits for (pg_stat_activity wait_event_type: wait_event):"
                    + " Lock means another transaction holds what it needs; Client: ClientRead means it waits for"
                    + " the client."),
            Map.entry("Blocked by", "The sessions holding the lock this one waits for (pg_blocking_pids),"
                    + " by session number; a blocker that did not come through Rolegate by its pid."),
            Map.entry("Query", "The statement the backend runs now (active, waiting) or ran last (idle)."
                    + " Read-only console users see literals as ? unless policies.captureQueries is full."),
            Map.entry("Query time", "How long the current statement has been running; for an idle session, how long"
                    + " ago the last one started (pg_stat_activity query_start)."),
            Map.entry("Connected", "When the client connected to the proxy (local time)."),
            Map.entry("Duration", "How long the session has been connected."),
            Map.entry("Bytes in", "Bytes from the client to the server through the proxy."),
            Map.entry("Bytes out", "Bytes from the server to the client through the proxy."),
            Map.entry("Messages", "Protocol messages from the client / from the server."),
            Map.entry("Queries", "Statements the client sent (simple queries and Parse messages)."),
            Map.entry("Errors", "ErrorResponses the server sent to the client."),
            Map.entry("TLS", "The TLS protocol between client and proxy; — for plain TCP. The cipher is in the"
                    + " detail pane."));

    private SessionColumns() {
    }

    /**
     * Moves each column's title into a label that carries the explanation. The column's own text is cleared (a
     * header shows a graphic and a text side by side); the table's column menu reads the label's text instead.
     */
    static void explain(List<? extends TableColumn<SessionRow, ?>> columns) {
        for (TableColumn<SessionRow, ?> c : columns) {
            String meaning = MEANING.get(c.getText());
            if (meaning == null) {
                continue;
            }
            Label title = new Label(c.getText());
            Tooltip tip = new Tooltip(meaning);
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            tip.setShowDelay(Duration.millis(400));
            title.setTooltip(tip);
            c.setGraphic(title);
            c.setText("");
        }
    }
}
