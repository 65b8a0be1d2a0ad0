package io.rolegate.console.sessions;

import io.rolegate.engine.api.model.SessionSnapshot;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The nodes of the fleet as the sessions view shows them (decision 0028): which nodes have live sessions, the
 * node filter and its choices, whether there are several (the Node column and the filter show only then), and the
 * other nodes' sessions as last read in the background, with why that read failed if it did.
 */
public final class FleetNodes {
    public static final String ALL_NODES = "all nodes";
    static final String THIS_NODE = " (this node)";

    private final ObjectProperty<String> filter = new SimpleObjectProperty<>(ALL_NODES);
    private final ObservableList<String> choices = FXCollections.observableArrayList(ALL_NODES);
    private final ReadOnlyBooleanWrapper several = new ReadOnlyBooleanWrapper(false);
    private List<SessionSnapshot> others = List.of();
    private Set<String> names = Set.of();
    private boolean reading;
    private String problem = "";

    /** A session of the console's node (or of an engine that does not name its node). */
    static boolean local(SessionSnapshot s, String here) {
        return s.node() == null || here == null || s.node().equals(here);
    }

    /** After an update: the nodes with live sessions, and this console's node. */
    void seen(String here, List<SessionRow> rows) {
        Set<String> now = new TreeSet<>();
        if (here != null) {
            now.add(here);
        }
        rows.stream().filter(r -> !r.isEnded() && r.node() != null).forEach(r -> now.add(r.node()));
        several.set(now.size() > 1);
        if (!now.equals(names)) {
            names = now;
            // item by item: replacing the list would clear the filter box's choice ("all nodes" stays first)
            choices.removeIf(c -> !ALL_NODES.equals(c) && !now.contains(c));
            List<String> sorted = new ArrayList<>(now);
            for (int i = 0; i < sorted.size(); i++) {
                if (!sorted.get(i).equals(choices.size() > i + 1 ? choices.get(i + 1) : null)) {
                    choices.add(i + 1, sorted.get(i));
                }
            }
        }
    }

    /** " on 3 nodes" for the view's summary, nothing for one. */
    String summary() {
        return names.size() > 1 ? " on " + names.size() + " nodes" : "";
    }

    /** The nodes with live sessions and this console's node (at least 1). */
    int count() {
        return Math.max(1, names.size());
    }

    /** The Node column's text: the node, "(this node)" after the console's own when there are several. */
    public String label(SessionRow row) {
        if (row.node() == null) {
            return "—";
        }
        return row.node() + (row.local() && several.get() ? THIS_NODE : "");
    }

    boolean reading() {
        return reading;
    }

    void reading(boolean now) {
        reading = now;
    }

    void read(List<SessionSnapshot> published) {
        reading = false;
        others = List.copyOf(published);
        problem = "";
    }

    /** The store could not be read: the other nodes' rows stay as last read, and the view says why. */
    void failed(Exception e) {
        reading = false;
        problem = "Other nodes' sessions not updated: " + e.getMessage();
    }

    List<SessionSnapshot> others() {
        return others;
    }

    String problem() {
        return problem;
    }

    /** The node whose sessions the table shows, or {@link #ALL_NODES}. */
    public ObjectProperty<String> filterProperty() {
        return filter;
    }

    public ObservableList<String> choices() {
        return choices;
    }

    /** More than one node has live sessions (or is this console's): the Node column and filter show. */
    public ReadOnlyBooleanProperty severalProperty() {
        return several.getReadOnlyProperty();
    }
}
