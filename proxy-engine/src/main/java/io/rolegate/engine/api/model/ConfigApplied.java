package io.rolegate.engine.api.model;

import java.util.List;

/**
 * What a running engine did with one configuration version: took it (the keys applied at once, the keys that wait
 * for a restart) or refused it (why; then nothing changed).
 *
 * @param version configuration version number
 * @param applied false when the version was refused
 * @param live    keys in force at once, e.g. {@code policies.userFilter}; a list counts as one key
 * @param restart keys that differ from the running configuration but wait for the next start
 * @param refusal why the version was refused; null when applied
 */
public record ConfigApplied(int version, boolean applied, List<String> live, List<String> restart, String refusal) {
    public ConfigApplied {
        live = List.copyOf(live);
        restart = List.copyOf(restart);
    }

    public static ConfigApplied refused(int version, String why) {
        return new ConfigApplied(version, false, List.of(), List.of(), why);
    }

    /** In a DBA's words, e.g. "applied now: policies.userFilter; waits for a restart: listen.port". */
    public String describe() {
        if (!applied) {
            return "version " + version + " was refused, nothing changed: " + refusal;
        }
        String now = live.isEmpty() ? "nothing to change now" : "applied now: " + String.join(", ", live);
        return restart.isEmpty() ? now : now + "; waits for a restart: " + String.join(", ", restart);
    }
}
