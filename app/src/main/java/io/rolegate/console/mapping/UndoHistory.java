package io.rolegate.console.mapping;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Mapping edits that were applied, for undo, and undone ones, for redo. A new edit forgets what could be redone. */
public final class UndoHistory {
    private final Deque<MappingEdit> undo = new ArrayDeque<>();
    private final Deque<MappingEdit> redo = new ArrayDeque<>();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canRedo = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper("Undo");

    public void done(MappingEdit edit) {
        undo.push(edit);
        redo.clear();
        changed();
    }

    public Optional<MappingEdit> nextUndo() {
        return Optional.ofNullable(undo.peek());
    }

    public Optional<MappingEdit> nextRedo() {
        return Optional.ofNullable(redo.peek());
    }

    /** The edit returned by {@link #nextUndo()} was reverted. */
    public void undone() {
        redo.push(undo.pop());
        changed();
    }

    /** The edit returned by {@link #nextRedo()} was applied again. */
    public void redone() {
        undo.push(redo.pop());
        changed();
    }

    private void changed() {
        canUndo.set(!undo.isEmpty());
        canRedo.set(!redo.isEmpty());
        undoText.set(undo.isEmpty() ? "Undo" : "Undo " + undo.peek().describe());
    }

    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }
    public ReadOnlyStringProperty undoTextProperty() { return undoText.getReadOnlyProperty(); }
}
