package io.rolegate.console.sessions;

/** One labelled value in the session detail pane. */
public record DetailLine(String label, String value) {
}
