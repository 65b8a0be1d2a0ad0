package io.rolegate.console.directory;

import io.rolegate.console.common.BusyTasks;
import io.rolegate.console.common.TaskExecutor;
import io.rolegate.engine.api.DirectoryBrowser;
import io.rolegate.engine.api.model.DirectoryGroup;
import io.rolegate.engine.api.model.DirectoryGroupMembers;
import io.rolegate.engine.api.model.Dns;
import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.api.model.UserLookup;
import io.rolegate.engine.api.model.UserSummary;
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

    private final DirectoryBrowser source;
    private final BusyTasks tasks;
    private final StringProperty search = new SimpleStringProperty("");
    private final StringProperty lookupName = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<GroupNode> byOu = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<GroupNode> byNesting = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<GroupNode> selected = new ReadOnlyObjectWrapper<>();
    private final ObservableList<String> members = FXCollections.observableArrayList();
    /** What each line of {@link #members} opens: the member's DN, or the memberUid. */
    private final List<Member> memberTargets = new ArrayList<>();
    private final ReadOnlyObjectWrapper<UserReport> user = new ReadOnlyObjectWrapper<>();
    private final ObservableList<UserSummary> userResults = FXCollections.observableArrayList();
    private final ObservableList<String> units = FXCollections.observableArrayList();
    private final ObservableList<UserSummary> unitUsers = FXCollections.observableArrayList();
    /** A group to show in the trees (a nested group opened from the members list). */
    private final ReadOnlyObjectWrapper<String> groupToShow = new ReadOnlyObjectWrapper<>();
    private Found last = new Found(List.of(), Map.of(), List.of());
    private long searchGeneration;
    private long lookupGeneration;

    private record Member(boolean group, String target) {
    }

    public DirectoryViewModel(DirectoryBrowser source, TaskExecutor executor) {
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
            last = found;
            byOu.set(GroupTrees.byOu(found.groups(), found.nested(), found.mappings()));
            byNesting.set(GroupTrees.byNesting(found.groups(), found.nested(), found.mappings()));
            int n = found.groups().size();
            status.set(n + (n == 1 ? " group" : " groups") + (text.isEmpty() ? "" : " containing \"" + text + "\"")
                    + (n > NESTING_LIMIT ? " · nesting not read for more than " + NESTING_LIMIT + " groups" : ""));
        });
        run("list the units users live in", source::userUnits, units::setAll);
    }

    /** The users directly in one organizational unit. */
    public void showUnit(String unitDn) {
        unitUsers.clear();
        if (unitDn != null) {
            run("list the users of " + unitDn, () -> source.usersIn(unitDn, GROUP_LIMIT), unitUsers::setAll);
        }
    }

    /** How the selected group's members get their roles, nesting included: the detail pane's last line. */
    public String accessOf(GroupNode node) {
        if (node == null || !node.isGroup()) {
            return "";
        }
        String direct = node.roles().isEmpty() ? "no role directly" : String.join(", ", node.roles());
        String through = node.inherited().entrySet().stream().filter(e -> !node.roles().contains(e.getKey()))
                .map(e -> e.getKey() + " (via " + e.getValue() + ")").collect(java.util.stream.Collectors.joining(", "));
        boolean nestingRead = last.nested().size() == last.groups().size();
        return "Maps to: " + direct + (through.isEmpty() ? "" : "; through nesting: " + through)
                + (nestingRead ? "" : " (nesting not read for this many groups)");
    }

    private Found find(String text) {
        List<DirectoryGroup> groups = source.directoryGroups(text, GROUP_LIMIT);
        Map<String, List<String>> nested = new LinkedHashMap<>();
        if (groups.size() <= NESTING_LIMIT) {
            for (DirectoryGroup g : groups) {
                nested.put(g.dn(), source.groupMembers(g.dn()).groups());
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
        run("read the members of " + node.label(), () -> source.groupMembers(dn), m -> {
            if (selected.get() == node) {
                memberTargets.clear();
                m.groups().forEach(g -> memberTargets.add(new Member(true, g)));
                m.users().forEach(u -> memberTargets.add(new Member(false, u)));
                m.memberUids().forEach(uid -> memberTargets.add(new Member(false, "uid:" + uid)));
                members.setAll(memberLines(m));
            }
        });
    }

    /** Follows a line of the members list: a nested group opens in the tree, a user in the user pane. */
    public void openMember(int index) {
        if (index < 0 || index >= memberTargets.size()) {
            return;
        }
        Member m = memberTargets.get(index);
        if (m.group()) {
            groupToShow.set(null);
            groupToShow.set(m.target());
        } else if (m.target().startsWith("uid:")) {
            String uid = m.target().substring(4);
            lookupName.set(uid);
            report("look up " + uid, () -> source.lookupUser(uid));
        } else {
            lookupName.set(Dns.firstValue(m.target()));
            report("read " + m.target(), () -> source.lookupUserAt(m.target()));
        }
    }

    static List<String> memberLines(DirectoryGroupMembers m) {
        List<String> lines = new ArrayList<>();
        m.groups().forEach(g -> lines.add("group  " + Dns.rdn(g).replaceFirst("(?i)^cn=", "") + "  (" + g + ")"));
        m.users().forEach(u -> lines.add("user   " + Dns.firstValue(u) + "  (" + u + ")"));
        m.memberUids().forEach(uid -> lines.add("user   " + uid + "  (memberUid)"));
        return lines;
    }

    /**
     * Finds users by the start of their login name, full name or mail, or by {@code attribute=start}: one match
     * shows that user's account and groups, several are listed to choose from, none says so in words.
     */
    public void lookUp() {
        String text = lookupName.get().strip();
        userResults.clear();
        if (text.isEmpty()) {
            user.set(new UserReport("Type the start of a name to find a user", "", false, List.of()));
            return;
        }
        long generation = ++lookupGeneration;
        tasks.run("find users matching " + text, () -> source.findUsers(text, GROUP_LIMIT), found -> {
            if (generation != lookupGeneration) {
                return;
            }
            if (found.isEmpty()) {
                user.set(UserReport.noMatch(text));
            } else if (found.size() == 1) {
                show(found.get(0));
            } else {
                userResults.setAll(found);
                user.set(new UserReport(found.size() + " users match \"" + text + "\": choose one", "", true,
                        List.of()));
            }
        }, e -> user.set(new UserReport("Could not search for \"" + text + "\"", e.getMessage(), false, List.of())));
    }

    /** Shows one user found by a search or in a unit: account state and every group with its nesting path. */
    public void show(UserSummary found) {
        if (found != null) {
            report("read " + found.dn(), () -> source.lookupUserAt(found.dn()));
        }
    }

    private void report(String what, java.util.concurrent.Callable<UserLookup> lookup) {
        long generation = ++lookupGeneration;
        run(what, () -> UserReport.of(lookup.call(), source.mappings()), r -> {
            if (generation == lookupGeneration) {
                user.set(r);
            }
        });
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
    public ObservableList<UserSummary> userResults() { return userResults; }
    public ObservableList<String> units() { return units; }
    public ObservableList<UserSummary> unitUsers() { return unitUsers; }
    public ReadOnlyObjectProperty<String> groupToShowProperty() { return groupToShow.getReadOnlyProperty(); }
}
