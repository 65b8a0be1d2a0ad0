package io.rolegate.engine.testbed;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.config.AdminConfig;
import io.rolegate.engine.config.ConfigWriter;
import io.rolegate.engine.config.ProxyProtocolConfig;
import io.rolegate.engine.config.RolegateConfig;
import io.rolegate.engine.config.StoreConfig;
import io.rolegate.engine.policy.Cidr;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A fleet as a user runs it, on loopback: N engines ({@link EngineProcess}, each its own JVM, named node1…nodeN by
 * {@code fleet.node}) on one PostgreSQL store (a schema of its own on {@link TestPostgres}), and Debian's HAProxy in
 * front running the installer's sample ({@link HaproxyServer#loopbackSample}: mode tcp, send-proxy-v2, the health
 * check on each node's {@code /health}). Every node trusts PROXY headers from 127.0.0.1 (the balancer) only, so a
 * test that connects to a node directly must come from another loopback address (127.0.0.2).
 *
 * <pre>
 * try (EngineFleet fleet = EngineFleet.start(dir, 3, c -> directoryModeConfig)) {
 *     connect to 127.0.0.1:fleet.front(); fleet.node(3).port(); fleet.store() ...
 * }
 * </pre>
 */
public final class EngineFleet implements AutoCloseable {
    /**
     * One master key for every node, as the admin guide says: managed roles' passwords are derived from it, so
     * nodes with keys of their own would each reset the password the others log in with.
     */
    private static final Map<String, String> MASTER_KEY = Map.of("ROLEGATE_MASTER_KEY",
            "aC5vqjIiR/JsuwB3Lmio5gNiN7Xpio2s3rRw3E3nolU=");
    private final Path dir;
    private final String storeUrl;
    private final List<Path> configs;
    private final List<EngineProcess> nodes;
    private final int front;
    private HaproxyServer haproxy;

    private EngineFleet(Path dir, String storeUrl, List<Path> configs, List<EngineProcess> nodes, int front) {
        this.dir = dir;
        this.storeUrl = storeUrl;
        this.configs = configs;
        this.nodes = nodes;
        this.front = front;
    }

    /**
     * Starts {@code size} nodes serving {@code config} (the same for all but the node name) on a fresh store, then
     * HAProxy; returns once HAProxy's health checks have every node UP.
     */
    public static EngineFleet start(Path dir, int size, UnaryOperator<RolegateConfig> config) throws Exception {
        String url = TestStores.newPostgresSchemaUrl();
        List<Path> configs = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            configs.add(writeConfig(dir, url, "node" + i, config));
        }
        EngineFleet fleet = new EngineFleet(dir, url, configs, new ArrayList<>(), freePort());
        try {
            // one at a time: node1 imports the configuration as the store's first version, the others find it; and
            // JVMs starting side by side on a busy two-core machine only starve each other
            for (int i = 1; i <= size; i++) {
                fleet.nodes.add(EngineProcess.start(configs.get(i - 1), dir.resolve("data-node" + i), MASTER_KEY));
            }
            fleet.startBalancer();
            return fleet;
        } catch (Exception | Error e) {
            fleet.close();
            throw e;
        }
    }

    private static Path writeConfig(Path dir, String url, String node, UnaryOperator<RolegateConfig> config)
            throws Exception {
        RolegateConfig c = config.apply(RolegateConfig.defaults());
        c = c.withListen(c.listen().withPort(0).withProxyProtocol(new ProxyProtocolConfig(List.of(
                        Cidr.parse("127.0.0.1/32")))))
                .withAdmin(new AdminConfig(true, "127.0.0.1", 0))
                .withStore(new StoreConfig(url, TestPostgres.SUPERUSER, Secret.empty()));
        Path file = dir.resolve(node + ".yaml");
        // fleet.node is each engine's own: written by hand, as an operator does
        Files.writeString(file, ConfigWriter.toYaml(c) + "fleet:\n  node: " + node + "\n");
        return file;
    }

    private void startBalancer() throws Exception {
        List<HaproxyServer.Node> servers = new ArrayList<>();
        for (int i = 1; i <= nodes.size(); i++) {
            servers.add(new HaproxyServer.Node(name(i), node(i).port(), node(i).adminPort()));
        }
        haproxy = HaproxyServer.start(dir, HaproxyServer.loopbackSample(dir, front, servers));
        for (int i = 1; i <= nodes.size(); i++) {
            String name = name(i);
            Eventually.within(Duration.ofSeconds(60), () -> name + " UP; haproxy says:\n" + haproxy.output(),
                    () -> haproxy.status("rolegate", name).equals("UP"));
        }
    }

    /** The node's name in the fleet ({@code fleet.node}) and in HAProxy: node1, node2, … */
    public static String name(int i) {
        return "node" + i;
    }

    /** Node {@code i}, counted from 1. */
    public EngineProcess node(int i) {
        return nodes.get(i - 1);
    }

    /** Node {@code i}'s configuration file (its store URL is the fleet's: {@code --config} for store commands). */
    public Path config(int i) {
        return configs.get(i - 1);
    }

    public int size() {
        return nodes.size();
    }

    /** HAProxy's client port on 127.0.0.1 and ::1. */
    public int front() {
        return front;
    }

    public HaproxyServer haproxy() {
        return haproxy;
    }

    public String storeUrl() {
        return storeUrl;
    }

    /** A connection to the store's schema, as the superuser. */
    public Connection store() throws SQLException {
        return DriverManager.getConnection(storeUrl, TestPostgres.SUPERUSER, "");
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (haproxy != null) {
            haproxy.close();
        }
        nodes.forEach(EngineProcess::close);
    }
}
