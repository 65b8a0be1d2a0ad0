package io.rolegate.console;

import javafx.application.Application;

import java.util.List;

/**
 * The jar's entry point. It deliberately does not extend {@link Application}: when the main class is an
 * Application, the JDK's launcher insists on JavaFX being on the module path and refuses the shaded jar.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println("""
                    usage: java -jar rolegate-console.jar [--demo [--demo-env=FILE]]

                      --demo            start an embedded PostgreSQL with a sample database and the proxy in front
                                        of it, and show a psql command that connects through the proxy
                      --demo-env=FILE   once the demo's proxy listens, write libpq variables (PGHOST, PGPORT,
                                        PGUSER, PGPASSWORD, ...) for its DBA to FILE, owner-only, for scripts
                      (none)            ask for the data directory and the PostgreSQL server, then start the proxy
                    """);
            return;
        }
        Application.launch(ConsoleApp.class, args);
    }
}
