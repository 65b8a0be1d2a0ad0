package io.rolegate.console.settings;

import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.console.common.BackgroundTask;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.engine.api.EngineSettings;
import io.rolegate.engine.api.SettingsAdmin;
import io.rolegate.engine.api.model.ConfigException;
import io.rolegate.engine.api.model.ConfigProblem;
import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.api.model.ConfigVersion;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The settings view: the latest saved configuration as a form, checked by the engine's own loader before anything
 * is saved; connection tests; the version history with a diff against the running configuration, and rollback;
 * YAML import and export. The running engine takes a saved version at once, except what waits for a restart
 * (listener, TLS, upstream, store, directory connection: Engine ▸ Restart); the view says which is which.
 */
public final class SettingsViewModel implements AutoCloseable {
    private static final Function<String, Optional<String>> NEEDS_A_COMMENT = s -> s == null || s.isBlank()
            ? Optional.of("Say why: the comment is kept in the configuration history.") : Optional.empty();

    private static final String NO_VERSION_SELECTED = "Select a version to compare it with the running"
            + " configuration.";

    private record Loaded(String latest, List<String> waiting, List<ConfigVersion> history, Path dataDir) { }

    private final SettingsAdmin settings;
    private final Map<String, Secret> typedSecrets;
    private final Supplier<ConsoleIdentity> admin;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final List<SettingSection> sections = SettingsCatalog.sections();
    private final ObservableList<String> problems = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper policies = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper dataDirectory = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper pendingRestart = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper lastAction = new ReadOnlyStringWrapper("");
    private final Map<SettingSection.ConnectionTest, ConnectionTestResult> tests = new HashMap<>();
    private final ObservableList<ConfigVersion> history = FXCollections.observableArrayList();
    private final ObjectProperty<ConfigVersion> selectedVersion = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper diffTitle = new ReadOnlyStringWrapper(NO_VERSION_SELECTED);
    private final ObservableList<DiffLine> diff = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper canRollback = new ReadOnlyBooleanWrapper(false);
    /** Whether the person here may change the settings at all (the engine checks again on every change). */
    private final ReadOnlyBooleanWrapper mayChange = new ReadOnlyBooleanWrapper(false);
    private String base = "";
    /** Counts form checks, so an answer to an older one (the person typed on) is not shown over a newer one. */
    private long checkGeneration;
    private EngineSettings.Subscription newVersions = () -> { };
    private final SettingsFiles files;

    /**
     * @param typedSecrets where secrets typed here are kept once saved, so Engine ▸ Restart can use them (the store
     *                     only holds ${VARIABLE} references)
     * @param admin        who the history and the audit log name as having made a change
     */
    public SettingsViewModel(SettingsAdmin settings, Map<String, Secret> typedSecrets, Supplier<ConsoleIdentity> admin,
                             TaskExecutor executor, DialogService dialogs) {
        this.settings = settings;
        this.typedSecrets = typedSecrets;
        this.admin = admin;
        this.executor = executor;
        this.dialogs = dialogs;
        this.files = new SettingsFiles(settings, executor, dialogs, lastAction);
        ConsoleIdentity who = admin.get();
        mayChange.set(who != null && who.mayAdminister());
        for (SettingSection.ConnectionTest t : SettingSection.ConnectionTest.values()) {
            tests.put(t, new ConnectionTestResult());
        }
        selectedVersion.addListener((o, old, v) -> showDiff(v));
        // once a check found problems, every edit checks again, so they go (and the footer with them) as soon as
        // the person fixes them, not at the next Save
        fields().forEach(f -> f.valueProperty().addListener((o, old, now) -> {
            if (showsProblems()) {
                recheck();
            }
        }));
    }

    /**
     * Follows the store: each version saved from now on (here, a mapping change, another console on this engine)
     * shows in the history at once; fields the person has not touched take the new values.
     */
    public void watchHistory() {
        newVersions.close();
        newVersions = settings.onNewVersion(v -> executor.runOnUi(this::refresh));
    }

    @Override
    public void close() {
        newVersions.close();
    }

    /** Reads the history and the latest version again, keeping what the person typed. */
    private void refresh() {
        BackgroundTask.of("read the configuration history", () -> new Loaded(settings.latestYaml(),
                        settings.waitingForRestart(Map.of()), settings.history(), settings.dataDirectory()))
                .onSuccess(l -> show(l, false))
                .onFailure(e -> lastAction.set("Could not read the configuration history: " + e.getMessage()))
                .executeWith(executor);
    }

    private boolean showsProblems() {
        return !problems.isEmpty() || fields().stream().anyMatch(f -> !f.errorProperty().get().isEmpty());
    }

    private void recheck() {
        long generation = ++checkGeneration;
        String yaml = yaml();
        Map<String, Secret> secrets = typed();
        BackgroundTask.of("check the settings", () -> {
                    try {
                        settings.validate(yaml, secrets);
                        return List.<ConfigProblem>of();
                    } catch (ConfigException e) {
                        return e.problems();
                    }
                })
                .onSuccess(found -> {
                    if (generation == checkGeneration) {
                        clearProblems();
                        showProblems(found);
                        if (found.isEmpty() && lastAction.get().contains(": not done — ")) {
                            lastAction.set("");
                        }
                    }
                })
                .onFailure(e -> lastAction.set("Could not check the settings: " + e.getMessage()))
                .executeWith(executor);
    }

    private void clearProblems() {
        fields().forEach(f -> f.error(""));
        problems.clear();
    }

    /** Reads the latest saved version into the form, and the history. */
    public void load() {
        BackgroundTask.of("read the configuration", () -> new Loaded(settings.latestYaml(),
                        settings.waitingForRestart(Map.of()), settings.history(), settings.dataDirectory()))
                .onSuccess(l -> show(l, true))
                .onFailure(e -> dialogs.showError("Read the configuration", e.getMessage()))
                .executeWith(executor);
    }

    /** @param form true to load every field (Revert, a save); false keeps the fields the person has changed */
    private void show(Loaded l, boolean form) {
        base = l.latest();
        YamlTree tree = YamlTree.parse(base);
        fields().stream().filter(f -> form || !f.changed()).forEach(f -> f.load(tree.display(f.path())));
        if (form) {
            checkGeneration++;
            clearProblems();
        }
        policies.set(readOnlyPart(tree));
        dataDirectory.set(l.dataDir().toAbsolutePath().toString());
        history.setAll(l.history());
        pendingRestart.set(VersionTaken.pending(l.history(), l.waiting()));
        ConfigVersion selected = selectedVersion.get();
        selectedVersion.set(null);
        if (selected != null) {
            l.history().stream().filter(v -> v.version() == selected.version()).findFirst()
                    .ifPresent(selectedVersion::set);
        }
    }

    /** What the form does not edit: the mappings and the per-group rules, shown as YAML. */
    private static String readOnlyPart(YamlTree tree) {
        YamlTree part = YamlTree.parse("{}");
        part.set("mappings", tree.get("mappings"));
        part.set("policies.groups", tree.get("policies.groups"));
        return tree.get("mappings") == null && tree.get("policies.groups") == null ? "" : part.dump();
    }

    /** The form as a configuration file: the saved version with only the changed keys replaced. */
    String yaml() {
        YamlTree tree = YamlTree.parse(base);
        for (SettingField f : fields()) {
            if (!f.changed()) {
                continue;
            }
            String text = f.valueProperty().get().strip();
            Object value = switch (f.kind()) {
                case SECRET -> "${" + SettingsCatalog.SECRET_VARIABLES.get(f.path()) + "}";
                case LIST -> YamlTree.items(text);
                default -> YamlTree.scalar(text);
            };
            tree.set(f.path(), text.isEmpty() ? null : value);
        }
        return tree.dump();
    }

    /** The secrets typed into the form, by the variable each stands for. */
    Map<String, Secret> typed() {
        Map<String, Secret> out = new HashMap<>();
        for (SettingField f : fields()) {
            if (f.kind() == SettingField.Kind.SECRET && f.changed()) {
                out.put(SettingsCatalog.SECRET_VARIABLES.get(f.path()), Secret.of(f.valueProperty().get()));
            }
        }
        return out;
    }

    /**
     * Runs the engine's loader on the form: problems go under their fields (the rest above the form), then
     * {@code then} runs on success, or {@code otherwise} with what went wrong.
     */
    private void check(String what, String yaml, Map<String, Secret> secrets, Runnable then,
                       Consumer<Exception> otherwise) {
        clearProblems();
        long generation = ++checkGeneration;
        BackgroundTask.of("check the settings", () -> {
                    settings.validate(yaml, secrets);
                    return true;
                })
                .onSuccess(ok -> then.run())
                .onFailure(e -> {
                    if (generation != checkGeneration) {
                        otherwise.accept(e); // the person typed on: a newer check shows the problems
                        return;
                    }
                    if (e instanceof ConfigException c) {
                        showProblems(c.problems());
                        lastAction.set(what + ": not done — " + (c.problems().size() == 1 ? "1 problem"
                                : c.problems().size() + " problems") + " in the settings.");
                    }
                    otherwise.accept(e);
                })
                .executeWith(executor);
    }

    private void showProblems(List<ConfigProblem> found) {
        for (ConfigProblem p : found) {
            Optional<SettingField> field = fields().stream().filter(f -> concerns(p, f)).findFirst();
            if (field.isPresent()) {
                String before = field.get().errorProperty().get();
                field.get().error(before.isEmpty() ? p.message() : before + "; " + p.message());
            } else {
                problems.add(p.path().isEmpty() ? p.message() : p.path() + ": " + p.message());
            }
        }
    }

    private static boolean concerns(ConfigProblem p, SettingField f) {
        return p.path().equals(f.path()) || p.path().startsWith(f.path() + ".") || p.path().startsWith(f.path() + "[");
    }

    /** Checks the form, asks why, then saves it as a new version (audited, with this console's admin as author). */
    public void save() {
        String yaml = yaml();
        Map<String, Secret> secrets = typed();
        check("Save the settings", yaml, secrets, () -> {
            Optional<String> comment = dialogs.askForReason("Save the settings as a new configuration version",
                    "What changed, and why?", "Save", NEEDS_A_COMMENT);
            if (comment.isEmpty()) {
                return;
            }
            BackgroundTask.of("save the settings", () -> VersionTaken.store(settings,
                            () -> settings.save(yaml, secrets, admin.get(), comment.get())))
                    .onSuccess(saved -> {
                        typedSecrets.putAll(secrets);
                        lastAction.set(VersionTaken.say("Saved configuration version " + saved.version().version(),
                                saved));
                        load();
                    })
                    .onFailure(e -> dialogs.showError("Save the settings", e.getMessage()))
                    .executeWith(executor);
        }, e -> {
            if (!(e instanceof ConfigException)) {
                dialogs.showError("Save the settings", e.getMessage());
            }
        });
    }

    /** Tries the directory or the upstream server as the form describes it (saved or not). */
    public void test(SettingSection.ConnectionTest which) {
        ConnectionTestResult result = tests.get(which);
        result.running();
        String yaml = yaml();
        Map<String, Secret> secrets = typed();
        check("Test the connection", yaml, secrets, () -> {
            BackgroundTask.of("test the connection", () -> which == SettingSection.ConnectionTest.DIRECTORY
                            ? settings.testDirectory(yaml, secrets) : settings.testUpstream(yaml, secrets))
                    .onSuccess(result::succeeded)
                    .onFailure(e -> result.failed(e.getMessage()))
                    .executeWith(executor);
        }, e -> result.failed(e instanceof ConfigException ? "Fix the settings marked in red first."
                : e.getMessage()));
    }

    private void showDiff(ConfigVersion v) {
        diff.clear();
        // rolling back to what is already the latest would only add an identical version
        canRollback.set(mayChange.get() && v != null && !v.yaml().equals(base));
        if (v == null) {
            diffTitle.set(NO_VERSION_SELECTED);
            return;
        }
        diffTitle.set("Version " + v.version() + " → the running configuration");
        BackgroundTask.of("compare configuration versions", () -> settings.diffAgainstRunning(v.version()))
                .onSuccess(text -> {
                    if (v.equals(selectedVersion.get())) {
                        diff.setAll(DiffLine.of(text, "Version " + v.version()
                                + " is exactly the configuration the engine runs now."));
                    }
                })
                .onFailure(e -> dialogs.showError("Compare version " + v.version(), e.getMessage()))
                .executeWith(executor);
    }

    /** Asks why, then saves the selected version's content as a new version (audited). */
    public void rollbackSelected() {
        ConfigVersion v = selectedVersion.get();
        if (v == null || !canRollback.get()) {
            return;
        }
        Optional<String> comment = dialogs.askForReason("Roll back to configuration version " + v.version(),
                "Version " + v.version() + " (" + v.comment() + ") becomes the newest version; the running engine"
                        + " takes what can change live at once, the rest at its next restart. Why roll back?",
                "Roll back", NEEDS_A_COMMENT);
        if (comment.isEmpty()) {
            return;
        }
        BackgroundTask.of("roll back the configuration", () -> VersionTaken.store(settings,
                        () -> settings.rollback(v.version(), admin.get(), comment.get())))
                .onSuccess(saved -> {
                    lastAction.set(VersionTaken.say("Saved version " + saved.version().version()
                            + " with the content of version " + v.version(), saved));
                    load();
                })
                .onFailure(e -> dialogs.showError("Roll back to version " + v.version(), e.getMessage()))
                .executeWith(executor);
    }

    /** Reads a YAML file, checks it and saves it as a new version. */
    public void importYaml() {
        files.importYaml(admin.get(), this::load);
    }

    /** Writes the latest saved version to a YAML file (secrets as ${VARIABLE} references, never their values). */
    public void exportYaml() {
        files.exportYaml(base);
    }

    List<SettingField> fields() {
        return sections.stream().flatMap(s -> s.fields().stream()).toList();
    }

    /** The field at a key path, e.g. {@code upstream.port}. */
    public SettingField field(String path) {
        return fields().stream().filter(f -> f.path().equals(path)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no setting " + path));
    }

    public List<SettingSection> sections() { return sections; }
    public ConnectionTestResult testResult(SettingSection.ConnectionTest which) { return tests.get(which); }
    /** Problems the loader found that belong to no field of the form (rules across sections). */
    public ObservableList<String> problems() { return problems; }
    public ReadOnlyStringProperty policiesProperty() { return policies.getReadOnlyProperty(); }
    public ReadOnlyStringProperty dataDirectoryProperty() { return dataDirectory.getReadOnlyProperty(); }
    public ReadOnlyStringProperty pendingRestartProperty() { return pendingRestart.getReadOnlyProperty(); }
    public ReadOnlyStringProperty lastActionProperty() { return lastAction.getReadOnlyProperty(); }
    public ObservableList<ConfigVersion> history() { return history; }
    public ObjectProperty<ConfigVersion> selectedVersionProperty() { return selectedVersion; }
    public ReadOnlyStringProperty diffTitleProperty() { return diffTitle.getReadOnlyProperty(); }
    public ObservableList<DiffLine> diff() { return diff; }
    public ReadOnlyBooleanProperty canRollbackProperty() { return canRollback.getReadOnlyProperty(); }

    /** False for a read-only console user: Save, Import and Roll back are greyed out (and refused by the engine). */
    public ReadOnlyBooleanProperty mayChangeProperty() { return mayChange.getReadOnlyProperty(); }
}
