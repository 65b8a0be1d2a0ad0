package io.rolegate.console.settings;

import io.rolegate.engine.api.SettingsAdmin;
import io.rolegate.engine.api.model.ConfigApplied;
import io.rolegate.engine.api.model.ConfigVersion;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the settings view says once a version is saved, rolled back or imported: what the running engine did with
 * it — the settings applied at once, those that wait for a restart, or why it refused the version — and, for the
 * banner, which saved settings still wait for a restart.
 */
final class VersionTaken {
    /** A version just stored and what the engine did with it (empty: no running engine took it). */
    record Saved(ConfigVersion version, Optional<ConfigApplied> outcome) {
    }

    private VersionTaken() {
    }

    /** Runs {@code work} (blocking: a background task) and asks the engine what it did with the version. */
    static Saved store(SettingsAdmin settings, Supplier<ConfigVersion> work) {
        ConfigVersion v = work.get();
        return new Saved(v, settings.applied(v.version()));
    }

    /** {@code did} ("Saved configuration version 5") followed by what the engine made of it. */
    static String say(String did, Saved saved) {
        if (saved.outcome().isEmpty()) {
            return did + ". It takes effect when the engine restarts (Engine ▸ Restart).";
        }
        ConfigApplied a = saved.outcome().get();
        if (!a.applied()) {
            return did + ", but the running engine refused it and changed nothing: " + a.refusal();
        }
        String now = a.live().isEmpty() ? " Nothing in it changes the running engine now."
                : " Applied now: " + String.join(", ", a.live()) + ".";
        return did + "." + now + (a.restart().isEmpty() ? ""
                : " Waits for a restart (Engine ▸ Restart): " + String.join(", ", a.restart()) + ".");
    }

    /** The banner: the saved settings the running engine can only take at its next start; empty when none. */
    static String pending(List<ConfigVersion> history, List<String> waiting) {
        if (history.isEmpty() || waiting.isEmpty()) {
            return "";
        }
        return "Version " + history.get(0).version() + " is saved and in force, except what waits for a restart"
                + " (Engine ▸ Restart): " + String.join(", ", waiting) + ".";
    }
}
