package io.rolegate.engine.config;

/** {@code console:} the directory groups whose members may administer, only look, or audit from the console. */
final class ConsoleBinder implements SectionBinder<ConsoleConfig> {

    @Override
    public String key() {
        return "console";
    }

    @Override
    public ConsoleConfig bind(SectionReader s) {
        return new ConsoleConfig(group(s, "adminGroup"), group(s, "readOnlyGroup"), group(s, "auditorGroup"));
    }

    private static String group(SectionReader s, String key) {
        String v = s.string(key, null);
        return v != null && ValueChecks.accept(s, key, v, ValueChecks::dn) ? v : null;
    }
}
