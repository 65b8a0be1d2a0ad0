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
                           java -jar rolegate-console.jar --attach https://HOST:PORT [--attach-ca FILE | --attach-pin SHA256]

                      --demo            start an embedded PostgreSQL with a sample database and the proxy in front
                                        of it, and show a psql command that connects through the proxy
                      --demo-env=FILE   once the demo's proxy listens, write libpq variables (PGHOST, PGPORT,
                                        PGUSER, PGPASSWORD, ...) for its DBA to FILE, owner-only, for scripts
                      --attach URL      attach to a running engine's admin API (api: in its configuration) instead
                                        of starting one; log in with your directory account
                      --attach-ca FILE  trust the engine's certificate when one of these PEM CAs issued it (default:
                                        the system's trusted CAs); the host name is checked too
                      --attach-pin SHA256  trust exactly the certificate with this SHA-256 fingerprint (an engine's
                                        self-signed one: openssl x509 -noout -fingerprint -sha256 -in CERT)
                      (none)            ask for the data directory and the PostgreSQL server, then start the proxy
                    """);
            return;
        }
        Application.launch(ConsoleApp.class, args);
    }
}
