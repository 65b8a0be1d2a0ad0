package io.rolegate.console.sessions;

/**
 * The live sessions the Sessions view lists, counted as the status bar says them: {@code live} on {@code nodes}
 * nodes of the fleet, {@code here} of them on the console's own node (one node: all of them).
 */
public record SessionCount(long live, int nodes, long here) {

    /** "1 session", "12 sessions on 3 nodes (4 on this node)". */
    public String words() {
        return live + (live == 1 ? " session" : " sessions")
                + (nodes > 1 ? " on " + nodes + " nodes (" + here + " on this node)" : "");
    }
}
