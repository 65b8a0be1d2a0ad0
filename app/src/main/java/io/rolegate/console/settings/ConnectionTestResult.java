package io.rolegate.console.settings;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** What the last "Test connection" said: running, worked (and what it reached), or failed (and precisely why). */
public final class ConnectionTestResult {
    /** Where a connection test stands. */
    public enum State { NOT_RUN, RUNNING, OK, FAILED }

    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.NOT_RUN);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    void running() {
        state.set(State.RUNNING);
        message.set("Testing…");
    }

    void succeeded(String what) {
        state.set(State.OK);
        message.set("OK: " + what);
    }

    void failed(String why) {
        state.set(State.FAILED);
        message.set(why);
    }

    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
}
