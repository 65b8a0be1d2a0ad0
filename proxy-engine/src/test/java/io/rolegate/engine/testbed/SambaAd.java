package io.rolegate.engine.testbed;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import io.rolegate.engine.directory.DirectoryFlavour;
import io.rolegate.engine.directory.DirectorySettings;
import io.rolegate.engine.api.model.Secret;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Samba 4 AD DC for tests (design.md's recipe): provisioned into a temp dir without DNS, LDAP service only,
 * bound to 127.0.0.1, single process (else change notifications wait for a 5 s poll). Samba's LDAP port cannot be
 * moved, so it listens on 127.0.0.1:389; {@link #available()} is false when the tools are missing or the port is
 * taken. Needs Debian's {@code samba samba-ad-provision samba-dsdb-modules samba-vfs-modules}.
 */
public final class SambaAd implements AutoCloseable {
    public static final String BASE = "DC=example,DC=org";
    public static final String ADMIN_DN = "CN=Administrator,CN=Users," + BASE;
    static final String ADMIN_PASSWORD = "Adm1n-Passw0rd!";
    private static final Path SAMBA = Path.of("/usr/sbin/samba");
    private static final Path SAMBA_TOOL = Path.of("/usr/bin/samba-tool");
    private static final int PORT = 389;
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    private final Path dir;
    private Process process;

    private SambaAd(Path dir) {
        this.dir = dir;
    }

    public static boolean available() {
        return Files.isExecutable(SAMBA) && Files.isExecutable(SAMBA_TOOL) && !listening();
    }

    /**
     * A provisioned, running server for a test class; skips the class (or fails it, when real directories are
     * required) if Samba is missing or another test JVM keeps port 389 for longer than a few minutes.
     */
    public static SambaAd provisionOrSkip() throws Exception {
        if (Files.isExecutable(SAMBA) && Files.isExecutable(SAMBA_TOOL)) {
            awaitFreePort(Duration.ofMinutes(3));
        }
        RealServers.requireOrSkip(available(), "Samba AD DC not installed or 127.0.0.1:389 taken");
        return provision();
    }

    public static SambaAd provision() throws Exception {
        Path dir = Files.createTempDirectory("rolegate-samba");
        Path target = dir.resolve("t");
        run(Duration.ofMinutes(3), dir.resolve("provision.log"), SAMBA_TOOL.toString(), "domain", "provision",
                "--realm=EXAMPLE.ORG", "--domain=EXAMPLE", "--server-role=dc", "--dns-backend=NONE",
                "--adminpass=" + ADMIN_PASSWORD, "--targetdir=" + target);
        // Provisioning writes its own smb.conf (all services, /var/log, /run); these settings replace its values.
        Path config = target.resolve("etc/smb.conf");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("interfaces", "127.0.0.1");
        settings.put("bind interfaces only", "yes");
        settings.put("server services", "ldap");
        settings.put("ldap server require strong auth", "no");
        settings.put("tls enabled", "no");
        settings.put("pid directory", target.toString());
        settings.put("log file", target.resolve("samba.%m.log").toString());
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(config)) {
            int equals = line.indexOf('=');
            if (equals > 0 && settings.containsKey(line.substring(0, equals).trim().toLowerCase(Locale.ROOT))) {
                continue;
            }
            text.append(line).append('\n');
            if (line.trim().equals("[global]")) {
                settings.forEach((key, value) -> text.append('\t').append(key).append(" = ").append(value)
                        .append('\n'));
            }
        }
        Files.writeString(config, text);
        SambaAd samba = new SambaAd(dir);
        try {
            samba.start();
        } catch (Exception | Error e) {
            samba.close();
            throw e;
        }
        return samba;
    }

    public void start() throws Exception {
        if (process != null && process.isAlive()) {
            return;
        }
        process = new ProcessBuilder(SAMBA.toString(), "-F", "--no-process-group", "-M", "single",
                "-s", dir.resolve("t/etc/smb.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("samba.log").toFile()))
                .start();
        boolean ready = Eventually.holdsWithin(START_WAIT, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("samba exited with " + process.exitValue() + ": " + log());
            }
            return ready();
        });
        if (!ready) {
            stop();
            throw new IllegalStateException("samba did not answer LDAP within " + START_WAIT + ": " + log());
        }
    }

    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        process = null;
        Eventually.holdsWithin(Duration.ofSeconds(10), () -> !listening());
    }

    /**
     * Freezes Samba with SIGSTOP (its one process: {@code -M single}): connections stay open and the kernel still
     * acknowledges bytes, but nothing answers, which is how a hung domain controller looks to a client.
     */
    public void pause() throws Exception {
        Signals.send(process, "-STOP", "samba");
    }

    /** Lets a {@link #pause() paused} Samba run on (SIGCONT). */
    public void resume() throws Exception {
        Signals.send(process, "-CONT", "samba");
    }

    /** {@link #stop()} then {@link #start()}: same port and data, every client connection cut. */
    public void restart() throws Exception {
        resumeIfRunning();
        stop();
        start();
    }

    /** As {@link #resume()} when Samba runs; nothing when it is stopped (for clean-ups). */
    public void resumeIfRunning() throws Exception {
        if (process != null && process.isAlive()) {
            resume();
        }
    }

    /**
     * Takes {@code member} (a sAMAccountName) out of {@code group} (a sAMAccountName) by writing the database files
     * directly with samba-tool, with Samba {@link #stop() stopped} or {@link #pause() paused} (its database locks
     * are taken per operation, so a frozen Samba holds none between requests): a change no LDAP client can have been
     * told about when it was made.
     */
    public void removeMemberInDatabase(String group, String member) throws Exception {
        run(Duration.ofMinutes(1), dir.resolve("removemembers.log"), SAMBA_TOOL.toString(), "group",
                "removemembers", group, member, "-H", dir.resolve("t/private/sam.ldb").toString(),
                "--configfile=" + dir.resolve("t/etc/smb.conf"));
    }

    /**
     * Adds an account with a password. unicodePwd is the password in double quotes, UTF-16LE (base64 in LDIF);
     * Samba accepts it over plain LDAP from the Administrator. The password must meet AD's default complexity.
     *
     * @param more further attributes as LDIF lines, e.g. {@code "accountExpires: …"}
     */
    public static void addUser(LDAPConnection admin, String dn, String sam, String password, int userAccountControl,
                               String... more) throws LDAPException, com.unboundid.ldif.LDIFException {
        String unicodePwd = java.util.Base64.getEncoder().encodeToString(("\"" + password + "\"")
                .getBytes(java.nio.charset.StandardCharsets.UTF_16LE));
        List<String> ldif = new java.util.ArrayList<>(List.of("dn: " + dn, "objectClass: user",
                "sAMAccountName: " + sam, "userPrincipalName: " + sam + "@example.org",
                "unicodePwd:: " + unicodePwd, "userAccountControl: " + userAccountControl));
        ldif.addAll(List.of(more));
        admin.add(ldif.toArray(String[]::new));
    }

    /** {@code CN=<cn>,<container>}: a test account's or group's DN. */
    public static String cn(String cn, String container) {
        return "CN=" + cn + "," + container;
    }

    /** The password the tests give account {@code sam}: meets AD's default complexity. */
    public static String password(String sam) {
        return "Rg-" + sam + "-Passw0rd!";
    }

    /** Waits up to {@code limit} for 127.0.0.1:389 to be free: another test JVM's Samba may still hold it. */
    public static void awaitFreePort(Duration limit) throws InterruptedException {
        Eventually.holdsWithin(limit, () -> !listening());
    }

    public LDAPConnection admin() throws LDAPException {
        LDAPConnection connection = new LDAPConnection("127.0.0.1", PORT);
        connection.bind(ADMIN_DN, ADMIN_PASSWORD);
        return connection;
    }

    public DirectorySettings settings(String userBase, String groupBase) {
        return DirectorySettings.builder(DirectoryFlavour.ACTIVE_DIRECTORY)
                .urls("ldap://127.0.0.1:" + PORT)
                .bind(ADMIN_DN, Secret.of(ADMIN_PASSWORD))
                .userBase(userBase)
                .groupBase(groupBase)
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("samba.log"));
        } catch (IOException e) {
            return "(no samba log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private boolean ready() {
        try (LDAPConnection connection = admin()) {
            return connection.getRootDSE() != null;
        } catch (LDAPException e) {
            return false;
        }
    }

    private static boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", PORT), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(Duration timeout, Path log, String... command) throws Exception {
        Process tool = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!tool.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            tool.destroyForcibly();
            throw new IllegalStateException(command[0] + " " + command[1] + " timed out");
        }
        if (tool.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " failed: " + Files.readString(log));
        }
    }
}
