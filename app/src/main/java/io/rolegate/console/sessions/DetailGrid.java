package io.rolegate.console.sessions;

import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;

import java.util.List;

/** Lays labelled values out in a detail pane: label and value side by side, in columns of at most n rows. */
public final class DetailGrid {
    private DetailGrid() {
    }

    /** Replaces the grid's content; after {@code rowsPerColumn} lines the next column pair starts (newspaper style). */
    public static void fill(GridPane grid, List<DetailLine> lines, int rowsPerColumn) {
        grid.getChildren().clear();
        int line = 0;
        for (DetailLine d : lines) {
            Label label = new Label(d.label());
            label.getStyleClass().add("detail-label");
            label.setMinWidth(Region.USE_PREF_SIZE);
            Label value = new Label(d.value());
            value.getStyleClass().add("detail-value");
            value.setWrapText(true);
            int column = line / rowsPerColumn * 2;
            grid.add(label, column, line % rowsPerColumn);
            grid.add(value, column + 1, line % rowsPerColumn);
            line++;
        }
    }
}
