package io.rolegate.console.sessions;

import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Lays labelled values out in a detail pane: label and value side by side, in newspaper columns. */
public final class DetailGrid {
    /** A value this short (a count, a time, a state) never wraps: "26 B / 565 B" split over two lines misreads. */
    private static final int NEVER_WRAP_UP_TO = 24;

    private DetailGrid() {
    }

    /** One column of label/value lines, values wrapping: the audit record's detail. */
    public static void fill(GridPane grid, List<DetailLine> lines) {
        fill(grid, lines, 1, Set.of());
    }

    /**
     * Replaces the grid's content: the lines spread over {@code columns} label/value pairs of equal height, then
     * the lines labelled in {@code fullWidth} (long text: a DN, a query) each on its own row across the pane.
     * Value columns share the spare width evenly, so the columns line up whatever is selected.
     */
    public static void fill(GridPane grid, List<DetailLine> lines, int columns, Set<String> fullWidth) {
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        List<DetailLine> inColumns = new ArrayList<>();
        List<DetailLine> wide = new ArrayList<>();
        for (DetailLine d : lines) {
            (fullWidth.contains(d.label()) ? wide : inColumns).add(d);
        }
        int rows = Math.max(1, (inColumns.size() + columns - 1) / columns);
        for (int c = 0; c < columns; c++) {
            ColumnConstraints label = new ColumnConstraints();
            label.setMinWidth(Region.USE_PREF_SIZE);
            ColumnConstraints value = new ColumnConstraints();
            value.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().addAll(label, value);
        }
        for (int i = 0; i < inColumns.size(); i++) {
            DetailLine d = inColumns.get(i);
            int column = i / rows * 2;
            grid.add(label(d), column, i % rows);
            grid.add(value(d), column + 1, i % rows);
        }
        int row = inColumns.isEmpty() ? 0 : rows;
        for (DetailLine d : wide) {
            grid.add(label(d), 0, row);
            grid.add(value(d), 1, row, columns * 2 - 1, 1);
            row++;
        }
    }

    private static Label label(DetailLine d) {
        Label label = new Label(d.label());
        label.getStyleClass().add("detail-label");
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static Label value(DetailLine d) {
        Label value = new Label(d.value());
        value.getStyleClass().add("detail-value");
        value.setWrapText(true);
        if (d.value().length() <= NEVER_WRAP_UP_TO) {
            value.setMinWidth(Region.USE_PREF_SIZE);
        }
        return value;
    }
}
