package io.rolegate.console.settings;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;

/**
 * One editable setting, named by its key path in the configuration file ({@code upstream.port}), so the engine's
 * loader problems land on the field that caused them. Every kind holds text: a flag "true"/"false", a list its
 * items separated by commas, a secret what was typed (never the stored value; empty = keep it).
 */
public final class SettingField {
    /** How the field is edited. */
    public enum Kind { TEXT, SECRET, CHOICE, FLAG, LIST }

    private final String path;
    private final String label;
    private final Kind kind;
    private final List<String> choices;
    private final String prompt;
    private final StringProperty value = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private String loaded = "";

    private SettingField(String path, String label, Kind kind, List<String> choices, String prompt) {
        this.path = path;
        this.label = label;
        this.kind = kind;
        this.choices = List.copyOf(choices);
        this.prompt = prompt;
    }

    static SettingField text(String path, String label, String prompt) {
        return new SettingField(path, label, Kind.TEXT, List.of(), prompt);
    }

    static SettingField list(String path, String label, String prompt) {
        return new SettingField(path, label, Kind.LIST, List.of(), prompt);
    }

    static SettingField secret(String path, String label) {
        return new SettingField(path, label, Kind.SECRET, List.of(), "unchanged — type to replace the stored secret");
    }

    static SettingField choice(String path, String label, String... choices) {
        return new SettingField(path, label, Kind.CHOICE, List.of(choices), "");
    }

    static SettingField flag(String path, String label) {
        return new SettingField(path, label, Kind.FLAG, List.of(), "");
    }

    void load(String text) {
        loaded = kind == Kind.SECRET ? "" : text;
        value.set(loaded);
        error.set("");
    }

    void error(String message) {
        error.set(message);
    }

    /** Whether the person changed the value since it was loaded (a typed secret always counts). */
    public boolean changed() {
        return !loaded.equals(value.get() == null ? "" : value.get());
    }

    public String path() { return path; }
    public String label() { return label; }
    public Kind kind() { return kind; }
    public List<String> choices() { return choices; }
    public String prompt() { return prompt; }
    public StringProperty valueProperty() { return value; }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
}
