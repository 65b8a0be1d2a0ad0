package io.rolegate.console.shell;

import java.net.InetSocketAddress;

/**
 * How a person connects to this console's proxy, shown above every view in the demo: a psql command line they can
 * paste into a terminal.
 */
public record ConnectHint(String explanation, String command) {
    /** The password is put in PGPASSWORD (single-quoted) so the command runs without a prompt. */
    public static ConnectHint psql(InetSocketAddress proxy, String user, String password, String database) {
        String cmd = "PGPASSWORD='" + password + "' psql \"host=" + proxy.getHostString() + " port=" + proxy.getPort()
                + " user=" + user + " dbname=" + database + " application_name=psql-demo\"";
        return new ConnectHint("Connect through the proxy and watch your session appear:", cmd);
    }
}
