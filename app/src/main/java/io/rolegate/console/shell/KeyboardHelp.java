package io.rolegate.console.shell;

import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

import java.util.List;

/** Help ▸ Keyboard shortcuts (F1): every key the console answers to, in one list (the admin guide has the same). */
final class KeyboardHelp {
    /** One shortcut: the keys and what they do. */
    record Shortcut(String keys, String does) {
    }

    static final List<Shortcut> SHORTCUTS = List.of(
            new Shortcut("F1", "this list"),
            new Shortcut("Ctrl+1 … Ctrl+6", "Sessions, Throughput, Directory, Mapping, Audit, Settings"),
            new Shortcut("F6", "move the focus to the sidebar, and back to the view"),
            new Shortcut("Tab / Shift+Tab", "next / previous field, button or list (the sidebar too)"),
            new Shortcut("Alt+letter", "open a menu by its underlined letter (File, Edit, View, Engine, Help)"),
            new Shortcut("Ctrl+M", "Map to role… on the selected group (Mapping and Directory views)"),
            new Shortcut("Enter", "Map to role… on a group in the Mapping view; open a member in the Directory"
                    + " view"),
            new Shortcut("Shift+F10, Menu key", "the context menu of the selected group, chip or row"),
            new Shortcut("Delete", "unmap the focused group chip (after its dry run)"),
            new Shortcut("Ctrl+Z / Ctrl+Shift+Z", "undo / redo a mapping change (after its dry run)"),
            new Shortcut("Ctrl+L", "lock the console (File ▸ Lock)"),
            new Shortcut("Ctrl+Shift+C", "copy the demo's psql command"),
            new Shortcut("Ctrl+Shift+S / X / R", "start / stop / restart the engine (asks first when sessions would"
                    + " end)"),
            new Shortcut("Ctrl+Q", "quit (asks first when sessions would end)"));

    private KeyboardHelp() {
    }

    static void show(Window owner) {
        GridPane grid = new GridPane();
        grid.setId("keyboardHelp");
        grid.setHgap(18);
        grid.setVgap(6);
        int row = 0;
        for (Shortcut s : SHORTCUTS) {
            Label keys = new Label(s.keys());
            keys.getStyleClass().add("mono");
            keys.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            Label does = new Label(s.does());
            does.setWrapText(true);
            grid.addRow(row++, keys, does);
        }
        Dialog<Void> dialog = new Dialog<>();
        dialog.setTitle("Rolegate");
        dialog.setHeaderText("Keyboard shortcuts");
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().setPrefWidth(640);
        if (owner != null) {
            dialog.initOwner(owner);
            dialog.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        dialog.show();
    }
}
