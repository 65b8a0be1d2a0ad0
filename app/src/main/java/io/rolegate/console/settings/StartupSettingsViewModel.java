package io.rolegate.console.settings;

import io.rolegate.engine.api.Configuration;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.prefs.Preferences;

/**
 * The few settings the console asks for when it opens without {@code --demo}: where the engine keeps its files and
 * which PostgreSQL server it fronts. Remembered per OS user so the next start proposes the last ones.
 */
public final class StartupSettingsViewModel {
    private final Preferences prefs;
    private final StringProperty dataDir = new SimpleStringProperty();
    private final StringProperty upstreamHost = new SimpleStringProperty();
    private final StringProperty upstreamPort = new SimpleStringProperty();
    private final StringBinding problems;

    public StartupSettingsViewModel(Preferences prefs, Path defaultDataDir) {
        this.prefs = prefs;
        dataDir.set(prefs.get("dataDir", defaultDataDir.toString()));
        upstreamHost.set(prefs.get("upstreamHost", Configuration.defaultUpstreamHost()));
        upstreamPort.set(prefs.get("upstreamPort", String.valueOf(Configuration.defaultUpstreamPort())));
        problems = Bindings.createStringBinding(() -> String.join("\n", problemList()), dataDir, upstreamHost,
                upstreamPort);
    }

    List<String> problemList() {
        List<String> out = new ArrayList<>();
        String dir = dataDir.get() == null ? "" : dataDir.get().strip();
        if (dir.isEmpty()) {
            out.add("Choose a data directory: the engine keeps its certificates and state there.");
        } else {
            try {
                Path.of(dir);
            } catch (InvalidPathException e) {
                out.add("The data directory is not a valid path: " + e.getReason() + ".");
            }
        }
        if (upstreamHost.get() == null || upstreamHost.get().isBlank()) {
            out.add("Name the PostgreSQL server the proxy connects to (host name or IP address).");
        }
        String port = upstreamPort.get() == null ? "" : upstreamPort.get().strip();
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            out.add("The PostgreSQL port is a number from 1 to 65535 (usually 5432).");
        }
        return out;
    }

    /** Empty when the settings can be used; otherwise one line per problem. */
    public StringBinding problemsProperty() {
        return problems;
    }

    /** The engine configuration these settings describe; call only when there are no problems. */
    public Configuration toConfig() {
        if (!problemList().isEmpty()) {
            throw new IllegalStateException("settings have problems: " + problemList());
        }
        return Configuration.defaults().withUpstream(upstreamHost.get().strip(),
                Integer.parseInt(upstreamPort.get().strip()));
    }

    public Path dataDirectory() {
        return Path.of(dataDir.get().strip());
    }

    public void remember() {
        prefs.put("dataDir", dataDir.get().strip());
        prefs.put("upstreamHost", upstreamHost.get().strip());
        prefs.put("upstreamPort", upstreamPort.get().strip());
    }

    public StringProperty dataDirProperty() { return dataDir; }
    public StringProperty upstreamHostProperty() { return upstreamHost; }
    public StringProperty upstreamPortProperty() { return upstreamPort; }
}
