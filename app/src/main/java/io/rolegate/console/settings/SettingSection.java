package io.rolegate.console.settings;

import java.util.List;

/** A titled group of settings, as the settings view lays them out. {@code connectionTest} names its button, if any. */
public record SettingSection(String title, String note, List<SettingField> fields, ConnectionTest connectionTest) {
    /** The two things the settings view can try before saving. */
    public enum ConnectionTest { DIRECTORY, UPSTREAM }

    public SettingSection {
        fields = List.copyOf(fields);
    }
}
