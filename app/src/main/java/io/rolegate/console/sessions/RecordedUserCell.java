package io.rolegate.console.sessions;

import io.rolegate.engine.api.model.SessionSnapshot;
import javafx.scene.control.TableCell;
import javafx.scene.control.Tooltip;
import javafx.scene.shape.Circle;

/**
 * The user of a session, with a red dot when policies.record records every statement of it: the DBA sees at a
 * glance whose sessions leave a statement-by-statement trail, and why in the tooltip.
 */
final class RecordedUserCell extends TableCell<SessionRow, String> {
    private final Circle dot = new Circle(4);
    private final Tooltip why = new Tooltip();

    RecordedUserCell() {
        dot.getStyleClass().add("recorded-dot");
    }

    @Override
    protected void updateItem(String user, boolean empty) {
        super.updateItem(user, empty);
        SessionRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
        SessionSnapshot s = row == null ? null : row.snapshot();
        setText(empty ? null : user);
        boolean recorded = s != null && s.recordedBecause() != null;
        setGraphic(recorded ? dot : null);
        why.setText(recorded ? "Recorded: every statement of this session is kept (" + s.recordedBecause() + ")"
                : "");
        setTooltip(recorded ? why : null);
    }
}
