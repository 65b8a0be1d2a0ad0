package io.rolegate.console.shell;

/** The views the sidebar offers, in sidebar order. */
public enum Page {
    SESSIONS("Sessions"),
    THROUGHPUT("Throughput"),
    DIRECTORY("Directory"),
    MAPPING("Mapping"),
    AUDIT("Audit"),
    SETTINGS("Settings");

    private final String title;

    Page(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
