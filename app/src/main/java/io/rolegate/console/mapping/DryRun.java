package io.rolegate.console.mapping;

import io.rolegate.engine.api.model.RoleChange;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a mapping edit would do, shown before it is applied: per user the roles gained and lost, and every SQL
 * statement that would run upstream.
 *
 * @param action what the person asked for, in the dialog's header: the edit itself for a drop ("map group interns
 *               to analyst_role"), or "undo: …" / "redo: …" when undoing or redoing one
 */
public record DryRun(MappingEdit edit, String action, List<Row> rows, List<String> sql) {

    /** One user's change; {@code note} says when they would lose all access. */
    public record Row(String user, String gains, String loses, String note) {
    }

    public DryRun {
        rows = List.copyOf(rows);
        sql = List.copyOf(sql);
    }

    public static DryRun of(MappingEdit edit, List<RoleChange> changes) {
        List<Row> rows = new ArrayList<>();
        List<String> sql = new ArrayList<>();
        for (RoleChange c : changes) {
            rows.add(new Row(c.username(), joined(minus(c.after(), c.before())), joined(minus(c.before(), c.after())),
                    c.deniedAfter() ? "loses all access: live sessions end (57P01), login role set NOLOGIN" : ""));
            if (!c.statements().isEmpty()) {
                sql.add("-- " + c.username());
                sql.addAll(c.statements().stream().map(s -> s.endsWith(";") ? s : s + ";").toList());
            }
        }
        return new DryRun(edit, edit.describe(), rows, sql);
    }

    /** The same plan, headed by {@code action} (an undo or redo names what it takes back or does again). */
    public DryRun as(String action) {
        return new DryRun(edit, action, rows, sql);
    }

    /** "Nobody's access changes" when the edit touches no user (an empty group, or roles they have anyway). */
    public String summary() {
        if (rows.isEmpty()) {
            return "Nobody's access changes now; new members of the group will get it at their next login.";
        }
        return rows.size() + (rows.size() == 1 ? " user's" : " users'") + " access changes:";
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static String joined(Set<String> roles) {
        return roles.isEmpty() ? "—" : String.join(", ", roles);
    }
}
