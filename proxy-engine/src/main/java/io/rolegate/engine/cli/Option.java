package io.rolegate.engine.cli;

/**
 * One {@code --option} the runner understands.
 *
 * @param valueName placeholder shown in help ({@code FILE}); null for a flag that takes no value
 */
record Option(String name, String valueName, String description) {
    static final Option CONFIG = new Option("--config", "FILE", "YAML configuration file (default: built-in defaults)");
    static final Option DATA_DIR = new Option("--data-dir", "DIR",
            "data directory (default: $ROLEGATE_DATA_DIR, else ~/.rolegate)");
    static final Option HELP = new Option("--help", null, "show this help and exit (also -h)");
    static final Option VERSION = new Option("--version", null, "print the version and exit");

    boolean takesValue() {
        return valueName != null;
    }
}
