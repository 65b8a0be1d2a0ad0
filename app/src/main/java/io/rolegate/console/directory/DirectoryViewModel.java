package io.rolegate.console.directory;

import io.rolegate.console.common.BusyTasks;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.DirectoryGroupMembers;
import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.api.model.Mapping;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The directory view: groups found by a name search, shown by OU and by nesting; the members of the selected group;
 * a user lookup. Every directory call runs as a {@link BackgroundTask}; {@link #busyProperty()} says one is running.
 */
public final class DirectoryViewModel {
    /** More than this many groups are listed, but their nesting is not read (one read per group). */
    static final int NESTING_LIMIT = 200;
    static final int GROUP_LIMIT = 1000;

    /** What one search found: the groups and, when there were few enough, which contains which. */
    record Found(List<DirectoryGroup> groups, Map<String, List<String>> nested, List<Mapping> mappings) {
    }

    private final DirectorySource source;
    private final BusyTasks tasks;
    private final StringProperty search = new SimpleStringProperty("");
    private final StringProperty lookupName = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<GroupNode> byOu = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<GroupNode> byNesting = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<GroupNode> selected = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> members = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<UserReport> user = new ReadOnlyObjectWrapper<>();
    private long searchGeneration;

    public DirectoryViewModel(DirectorySource source, TaskExecutor executor) {
        this.source = source;
        this.tasks = new BusyTasks(executor);
    }

    /** Searches groups whose name contains the search text (all groups when empty). A newer search wins. */
    public void search() {
        String text = search.get().strip();
        long generation = ++searchGeneration;
        status.set(text.isEmpty() ? "Reading the directory's groups…"
                : "Searching groups containing \"" + text + "\"…");
        run("search directory groups", () -> find(text), found -> {
            if (generation != searchGeneration) {
                return; // an older, slower search finishing after a newer one must not overwrite it
            }
            byOu.set(GroupTrees.byOu(found.groups(), found.mappings()));
            byNesting.set(GroupTrees.byNesting(found.groups(), found.nested(), found.mappings()));
            int n = found.groups().size();
            status.set(n + (n == 1 ? " group" : " groups") + (text.isEmpty() ? "" : " containing \"" + text + "\"")
                    + (n > NESTING_LIMIT ? " · nesting not read for more than " + NESTING_LIMIT + " groups" : ""));
        });
    }

    private Found find(String text) {
        List<DirectoryGroup> groups = source.groups(text, GROUP_LIMIT);
        Map<String, List<String>> nested = new LinkedHashMap<>();
        if (groups.size() <= NESTING_LIMIT) {
            for (DirectoryGroup g : groups) {
                nested.put(g.dn(), source.members(g.dn()).groups());
            }
        }
        return new Found(groups, nested, source.mappings());
    }

    /** Shows a group's direct members: users, nested groups, posix member names. */
    public void select(GroupNode node) {
        selected.set(node);
        members.clear();
        if (node == null || !node.isGroup()) {
            return;
        }
        String dn = node.group().dn();
        run("read the members of " + node.label(), () -> source.members(dn), m -> {
            if (selected.get() == node) {
                members.setAll(memberLines(m));
            }
        });
    }

    static List<String> memberLines(DirectoryGroupMembers m) {
        List<String> lines = new ArrayList<>();
        m.groups().forEach(g -> lines.add("group  " + Dns.rdn(g).replaceFirst("(?i)^cn=", "") + "  (" + g + ")"));
        m.users().forEach(u -> lines.add("user   " + Dns.firstValue(u) + "  (" + u + ")"));
        m.memberUids().forEach(uid -> lines.add("user   " + uid + "  (memberUid)"));
        return lines;
    }

    /** Looks a user up: account state and every group with its nesting path. */
    public void lookUp() {
        String name = lookupName.get().strip();
        if (name.isEmpty()) {
            user.set(new UserReport("Type a user name to look up", "", false, List.of()));
            return;
        }
        run("look up " + name, () -> UserReport.of(source.lookup(name), source.mappings()), user::set);
    }

    private <T> void run(String what, java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> done) {
        tasks.run(what, work, done, e -> status.set("Could not " + what + ": " + e.getMessage()));
    }

    public StringProperty searchProperty() { return search; }
    public StringProperty lookupNameProperty() { return lookupName; }
    public ReadOnlyBooleanProperty busyProperty() { return tasks.busyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<GroupNode> byOuProperty() { return byOu.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<GroupNode> byNestingProperty() { return byNesting.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<GroupNode> selectedProperty() { return selected.getReadOnlyProperty(); }
    public ObservableList<String> members() { return members; }
    public ReadOnlyObjectProperty<UserReport> userProperty() { return user.getReadOnlyProperty(); }
}
