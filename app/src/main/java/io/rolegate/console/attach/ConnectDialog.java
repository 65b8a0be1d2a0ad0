package io.rolegate.console.attach;

import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.nio.file.Path;
import java.util.Optional;

/**
 * File ▸ Connect to engine…: the engine's admin API URL, and optionally a CA file or a certificate pin. Nothing is
 * sent from here; the shell verifies the certificate next and refuses one nothing vouches for.
 */
public final class ConnectDialog {
    private ConnectDialog() {
    }

    /** Asks; empty when cancelled. */
    public static Optional<Fields> ask(Window owner, String lastUrl) {
        Dialog<Fields> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Connect to engine");
        d.setHeaderText("Attach this console to an engine's admin API (api: in its configuration).");
        TextField url = field("connectUrl", lastUrl == null ? "https://" : lastUrl);
        TextField ca = field("connectCa", "");
        ca.setPromptText("empty: the system's trusted CAs");
        TextField pin = field("connectPin", "");
        pin.setPromptText("SHA-256 fingerprint of a self-signed certificate");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.addRow(0, new Label("Engine URL"), url);
        grid.addRow(1, new Label("CA file (PEM)"), ca);
        grid.addRow(2, new Label("or certificate pin"), pin);
        d.getDialogPane().setContent(grid);
        ButtonType connect = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(connect, ButtonType.CANCEL);
        d.getDialogPane().lookupButton(connect).disableProperty()
                .bind(url.textProperty().map(t -> !t.strip().startsWith("https://") || t.strip().length() <= 8));
        d.setResultConverter(b -> b == connect ? new Fields(url.getText().strip(), ca.getText().strip(),
                pin.getText().strip()) : null);
        return d.showAndWait();
    }

    private static TextField field(String id, String text) {
        TextField f = new TextField(text);
        f.setId(id);
        f.setPrefColumnCount(40);
        return f;
    }

    /** What was typed; {@link #request()} checks it. */
    public record Fields(String url, String caFile, String pin) {
        public AttachRequest request() {
            return new AttachRequest(url, caFile.isEmpty() ? null : Path.of(caFile), pin);
        }
    }
}
