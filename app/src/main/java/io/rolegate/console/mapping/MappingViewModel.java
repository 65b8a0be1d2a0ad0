package io.rolegate.console.mapping;

import io.rolegate.console.common.BusyTasks;
import io.rolegate.console.common.DialogService;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.console.login.ConsoleUser;
import io.rolegate.engine.api.model.AccessPreview;
import io.rolegate.engine.api.model.UpstreamRole;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.Mapping;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The mapping view: upstream roles as drop targets with their mapped groups, the directory's groups to drag, a
 * dry run before every edit, undo/redo of applied edits, and an effective-access preview. Every engine call runs
 * as a {@link BackgroundTask}; the person confirms through {@link DryRunDialog}.
 */
public final class MappingViewModel {
    private final MappingGateway gateway;
    private final BusyTasks tasks;
    private final DialogService dialogs;
    private final DryRunDialog dryRuns;
    private final RoleChooser chooser;
    private final Supplier<ConsoleUser> user;
    private final UndoHistory history = new UndoHistory();
    private final ObservableList<UpstreamRole> roles = FXCollections.observableArrayList();
    private final ObservableList<DirectoryGroup> groups = FXCollections.observableArrayList();
    private final FilteredList<DirectoryGroup> shownGroups = new FilteredList<>(groups);
    private final StringProperty groupFilter = new SimpleStringProperty("");
    private final StringProperty previewUser = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper previewText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    public MappingViewModel(MappingGateway gateway, TaskExecutor executor, DialogService dialogs,
                            DryRunDialog dryRuns, Supplier<ConsoleUser> user) {
        this(gateway, executor, dialogs, dryRuns, RoleChooser.NONE, user);
    }

    public MappingViewModel(MappingGateway gateway, TaskExecutor executor, DialogService dialogs,
                            DryRunDialog dryRuns, RoleChooser chooser, Supplier<ConsoleUser> user) {
        this.gateway = gateway;
        this.tasks = new BusyTasks(executor);
        this.dialogs = dialogs;
        this.dryRuns = dryRuns;
        this.chooser = chooser;
        this.user = user;
        groupFilter.addListener((o, old, text) -> shownGroups.setPredicate(g -> matches(g, text)));
    }

    static boolean matches(DirectoryGroup g, String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        return t.isEmpty() || g.name().toLowerCase(Locale.ROOT).contains(t)
                || (g.description() != null && g.description().toLowerCase(Locale.ROOT).contains(t));
    }

    /** Reloads roles and groups from the engine. */
    public void refresh() {
        run("read roles and groups", () -> new Loaded(gateway.roles(), gateway.groups()), loaded -> {
            roles.setAll(RoleOrder.keep(roles, loaded.roles()));
            groups.setAll(loaded.groups());
        });
    }

    private record Loaded(List<UpstreamRole> roles, List<DirectoryGroup> groups) {
    }

    /** Why the group may not be dropped on the role now; empty when the drop is accepted. */
    public Optional<String> dropRefusal(String groupDn, String roleName) {
        return roles.stream().filter(r -> r.name().equals(roleName)).findFirst()
                .map(r -> DropRules.refusal(user.get(), groupDn, r))
                .orElse(Optional.of("no role " + roleName + " upstream"));
    }

    /**
     * A group is dragged over a role: says in the status line what a drop would do, or why it is refused (tooltips
     * do not show during a drag). True when the drop would be accepted.
     */
    public boolean dragOver(String groupDn, String roleName) {
        Optional<String> refusal = dropRefusal(groupDn, roleName);
        status.set(refusal.map(r -> "Cannot drop here: " + r)
                .orElseGet(() -> "Drop to " + MappingEdit.map(groupDn, roleName).describe()));
        return refusal.isEmpty();
    }

    /** A group dropped on a role: refused with a reason, or planned, shown as a dry run and applied if confirmed. */
    public void drop(String groupDn, String roleName) {
        Optional<String> refusal = dropRefusal(groupDn, roleName);
        if (refusal.isPresent()) {
            dialogs.showError("Map a group to " + roleName, refusal.get());
            return;
        }
        propose(MappingEdit.map(groupDn, roleName));
    }

    /** A chip closed (or Delete pressed on it): the same dry run, then apply. */
    public void unmap(String groupDn, String roleName) {
        var readOnly = DropRules.readOnly(user.get());
        if (readOnly.isPresent()) {
            dialogs.showError("Unmap a group from " + roleName, readOnly.get());
            return;
        }
        propose(MappingEdit.unmap(groupDn, roleName));
    }

    /**
     * "Map to role…" (context menu, or the keyboard on a group): the roles the group may go to, then the same dry
     * run as a drop.
     */
    public void chooseRoleFor(String groupDn) {
        String what = "Map group " + io.rolegate.engine.api.model.Dns.firstValue(groupDn) + " to a role";
        Optional<String> readOnly = DropRules.readOnly(user.get());
        if (readOnly.isPresent()) {
            dialogs.showError(what, readOnly.get());
            return;
        }
        List<String> targets = mapTargets(groupDn);
        if (targets.isEmpty()) {
            dialogs.showError(what, "No group role upstream can take it: it is mapped to each already, or the"
                    + " database has no NOLOGIN group roles (create one, then Refresh).");
            return;
        }
        chooser.choose(io.rolegate.engine.api.model.Dns.firstValue(groupDn), targets)
                .ifPresent(role -> drop(groupDn, role));
    }

    /** The roles {@code groupDn} may be mapped to now, in the order of the role cards. */
    public List<String> mapTargets(String groupDn) {
        return roles.stream().filter(r -> DropRules.refusal(user.get(), groupDn, r).isEmpty())
                .map(UpstreamRole::name).toList();
    }

    private void propose(MappingEdit edit) {
        propose(edit, edit.describe(), () -> history.done(edit));
    }

    /** Plans {@code edit}, shows the dry run headed by {@code action}, and applies it only when confirmed. */
    private void propose(MappingEdit edit, String action, Runnable recorded) {
        Optional<String> readOnly = DropRules.readOnly(user.get());
        if (readOnly.isPresent()) {
            dialogs.showError("Could not " + action, readOnly.get());
            return;
        }
        status.set("Planning: " + action + "…");
        run("plan: " + action, () -> DryRun.of(edit, gateway.plan(edit.applyTo(gateway.mappings()))).as(action),
                plan -> {
                    if (dryRuns.confirm(plan)) {
                        apply(edit, action, recorded);
                    } else {
                        status.set("Cancelled: " + action);
                    }
                });
    }

    /** Takes the last applied edit back, after the same dry run a drop shows; audited like any other change. */
    public void undo() {
        history.nextUndo().ifPresent(edit -> propose(edit.inverse(), "undo: " + edit.describe(), history::undone));
    }

    /** Applies the last undone edit again, after its dry run. */
    public void redo() {
        history.nextRedo().ifPresent(edit -> propose(edit, "redo: " + edit.describe(), history::redone));
    }

    private void apply(MappingEdit edit, String comment, Runnable recorded) {
        ConsoleUser who = user.get();
        run(comment, () -> {
            who.requireAdmin("change mappings");
            List<Mapping> proposed = edit.applyTo(gateway.mappings());
            return gateway.apply(proposed, who.identity(), comment).size();
        }, changed -> {
            recorded.run();
            status.set("Applied: " + comment + " · " + changed + (changed == 1 ? " user" : " users") + " changed");
            refresh();
            if (!previewUser.get().isBlank()) {
                preview(); // what the previewed user gets has just changed
            }
        });
    }

    /** What the typed user would get at login now, and why. */
    public void preview() {
        String name = previewUser.get().strip();
        if (name.isEmpty()) {
            previewText.set("Type a user name to see the roles they would get.");
            return;
        }
        run("preview access for " + name, () -> gateway.preview(name), p -> previewText.set(describe(p)));
    }

    static String describe(AccessPreview p) {
        if (p.allowed()) {
            return p.username() + " would get " + (p.roles().isEmpty() ? "no role" : String.join(", ", p.roles()))
                    + "\nbecause " + p.explanation();
        }
        return p.username() + " would be refused (" + p.sqlState() + "): " + p.message()
                + (p.explanation() == null || p.explanation().isEmpty() ? "" : "\n" + p.explanation());
    }

    private <T> void run(String what, Callable<T> work, Consumer<T> done) {
        tasks.run(what, work, done, e -> {
            status.set("Failed: " + what);
            dialogs.showError("Could not " + what, e.getMessage());
        });
    }

    public boolean mayEdit() { return user.get().mayAdminister(); }
    public UndoHistory history() { return history; }
    public ObservableList<UpstreamRole> roles() { return roles; }
    public ObservableList<DirectoryGroup> shownGroups() { return shownGroups; }
    public StringProperty groupFilterProperty() { return groupFilter; }
    public StringProperty previewUserProperty() { return previewUser; }
    public ReadOnlyStringProperty previewTextProperty() { return previewText.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty busyProperty() { return tasks.busyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
}
