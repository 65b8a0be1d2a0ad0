package io.rolegate.console.mapping;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.function.Function;
import java.util.function.Supplier;

/** The dry-run dialog: who gains and loses what, the SQL, then Apply or Cancel. */
public final class FxDryRunDialog implements DryRunDialog {
    private final Supplier<Window> owner;

    public FxDryRunDialog(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(DryRun plan) {
        Dialog<Boolean> dialog = new Dialog<>();
        dialog.setTitle("Rolegate");
        dialog.setHeaderText("Dry run: " + plan.action());
        ButtonType apply = new ButtonType("Apply", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, apply);

        TableView<DryRun.Row> table = new TableView<>();
        table.setId("dryRunTable");
        table.getColumns().add(column("User", 110, DryRun.Row::user));
        table.getColumns().add(column("Gains", 150, DryRun.Row::gains));
        table.getColumns().add(column("Loses", 150, DryRun.Row::loses));
        table.getColumns().add(column("Note", 260, DryRun.Row::note));
        table.getItems().setAll(plan.rows());
        table.setPrefHeight(170);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No user's roles change."));
        TextArea sql = new TextArea(plan.sql().isEmpty() ? "-- no SQL runs now" : String.join("\n", plan.sql()));
        sql.setId("dryRunSql");
        sql.setEditable(false);
        sql.setPrefRowCount(8);
        sql.getStyleClass().add("sql-text");
        VBox content = new VBox(8, new Label(plan.summary()), table, new Label("SQL that runs upstream"), sql);
        content.getStyleClass().add("dialog-form");
        content.setPrefWidth(700);
        dialog.getDialogPane().setContent(content);
        dialog.setResultConverter(button -> button == apply);
        Window w = owner.get();
        if (w != null) {
            dialog.initOwner(w);
            dialog.getDialogPane().getStylesheets().addAll(w.getScene().getStylesheets());
        }
        dialog.getDialogPane().getStylesheets().add(
                FxDryRunDialog.class.getResource("/io/rolegate/console/access.css").toExternalForm());
        return dialog.showAndWait().orElse(false);
    }

    private static TableColumn<DryRun.Row, String> column(String title, double width,
                                                          Function<DryRun.Row, String> value) {
        TableColumn<DryRun.Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(row -> new ReadOnlyStringWrapper(value.apply(row.getValue())));
        return c;
    }
}
