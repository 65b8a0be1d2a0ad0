package io.rolegate.engine.cli;

/** A configuration version number given as a command argument. */
final class VersionArgument {
    private VersionArgument() {
    }

    static int parse(String text) throws UsageException {
        try {
            int v = Integer.parseInt(text);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            throw new UsageException("\"" + text + "\" is not a configuration version number (see config history)");
        }
        throw new UsageException("configuration versions start at 1, not " + text);
    }
}
