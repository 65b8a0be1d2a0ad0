package io.rolegate.console.common;

import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.util.Callback;

import java.util.function.Function;

/** Table cells that sort by the raw value (bytes, instants) but show it the way {@link Formats} reads. */
public final class Cells {
    private Cells() {
    }

    public static <S, T> Callback<TableColumn<S, T>, TableCell<S, T>> formatted(Function<T, String> format) {
        return column -> new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        };
    }

    /** Text cells whose full value shows as a tooltip: a state such as "disconnected by you: …" outgrows its column. */
    public static <S> Callback<TableColumn<S, String>, TableCell<S, String>> withTooltip() {
        return column -> new TableCell<>() {
            private final javafx.scene.control.Tooltip full = new javafx.scene.control.Tooltip();

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                boolean blank = empty || item == null;
                setText(blank ? null : item);
                full.setText(blank ? "" : item);
                setTooltip(blank ? null : full);
            }
        };
    }
}
