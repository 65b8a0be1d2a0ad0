package io.rolegate.console.settings;

import io.rolegate.console.common.BackgroundTask;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.FileType;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.engine.api.SettingsAdmin;
import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.ConsoleIdentity;
import javafx.beans.property.StringProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The settings view's YAML import and export: a file in, checked and saved as a version; the latest version out. */
final class SettingsFiles {
    static final FileType YAML = FileType.of("YAML configuration", "yaml", "yml");

    private final SettingsAdmin settings;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final StringProperty lastAction;

    SettingsFiles(SettingsAdmin settings, TaskExecutor executor, DialogService dialogs, StringProperty lastAction) {
        this.settings = settings;
        this.executor = executor;
        this.dialogs = dialogs;
        this.lastAction = lastAction;
    }

    /** Reads a YAML file, checks it and saves it as a new version in the name of {@code who}; then {@code reload}. */
    void importYaml(ConsoleIdentity who, Runnable reload) {
        Optional<Path> file = dialogs.chooseFileToOpen("Import a configuration file", List.of(YAML));
        if (file.isEmpty()) {
            return;
        }
        Path f = file.get();
        BackgroundTask.of("import " + f, () -> VersionTaken.store(settings, () -> {
                    try {
                        return settings.save(Files.readString(f), Map.of(), who, "imported from " + f);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }))
                .onSuccess(saved -> {
                    lastAction.set(VersionTaken.say("Imported " + f + " as configuration version "
                            + saved.version().version(), saved));
                    reload.run();
                })
                .onFailure(e -> dialogs.showError("Import " + f, e instanceof ConfigException c
                        ? c.problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"))
                        : e.getMessage()))
                .executeWith(executor);
    }

    /** Writes {@code yaml} (the latest saved version: secrets as ${VARIABLE} references) to a file. */
    void exportYaml(String yaml) {
        Optional<Path> file = dialogs.chooseFileToSave("Export the configuration", "rolegate.yaml", List.of(YAML));
        if (file.isEmpty()) {
            return;
        }
        Path f = file.get();
        BackgroundTask.of("export the configuration", () -> Files.writeString(f, yaml))
                .onSuccess(p -> lastAction.set("Exported the configuration to " + f + " (secrets are written as"
                        + " ${...} references)."))
                .onFailure(e -> dialogs.showError("Export the configuration to " + f, e.getMessage()))
                .executeWith(executor);
    }
}
