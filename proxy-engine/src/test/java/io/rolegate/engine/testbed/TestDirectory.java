package io.rolegate.engine.testbed;

import io.rolegate.engine.api.model.Secret;
import io.rolegate.engine.directory.DirectoryFlavour;
import io.rolegate.engine.directory.DirectorySettings;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.cert.ManageCertificates;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A real LDAP server for tests: UnboundID's in-memory directory listening on 127.0.0.1 (random ports) with a plain
 * listener that offers StartTLS and an ldaps:// listener, loaded from {@code ldap/directory.ldif} with the extra
 * schema of {@code ldap/test-schema.ldif} merged in (schema checking stays on). The certificate is self-signed for
 * localhost/127.0.0.1, generated once per JVM; {@link #caPem()} is the file to trust.
 *
 * <pre>
 * try (TestDirectory ldap = TestDirectory.start();
 *      Directory directory = Directory.open(ldap.settings().build())) { ... }
 * </pre>
 */
public final class TestDirectory implements AutoCloseable {
    public static final String BASE = "dc=example,dc=org";
    public static final String PEOPLE = "ou=people," + BASE;
    public static final String GROUPS = "ou=groups," + BASE;
    public static final String SERVICE_DN = "cn=rolegate,ou=service," + BASE;
    public static final String SERVICE_PASSWORD = "service-pw";

    private static Tls tls;

    private final InMemoryDirectoryServer server;

    private TestDirectory(InMemoryDirectoryServer server) {
        this.server = server;
    }

    /** Every fixture user's password. */
    public static String password(String uid) {
        return uid + "-pw";
    }

    public static String userDn(String uid) {
        return "uid=" + uid + "," + PEOPLE;
    }

    public static String groupDn(String cn) {
        return "cn=" + cn + "," + GROUPS;
    }

    public static TestDirectory start() throws Exception {
        return start(InetAddress.getLoopbackAddress());
    }

    /** Listening on {@code address}, e.g. 127.0.0.2, which the certificate does not name. */
    public static TestDirectory start(InetAddress address) throws Exception {
        return start(address, config -> { });
    }

    /** With a last word on the server's configuration, e.g. {@code setMaxSizeLimit} to prove paging. */
    public static TestDirectory start(InetAddress address, Consumer<InMemoryDirectoryServerConfig> tweak)
            throws Exception {
        Tls material = tls();
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), Schema.getSchema(
                resource("ldap/test-schema.ldif").toFile())));
        SSLUtil serverSsl = new SSLUtil(new KeyStoreKeyManager(material.keyStore, material.pin, "PKCS12",
                "server-cert"), new TrustAllTrustManager());
        SSLUtil clientSsl = new SSLUtil(new TrustAllTrustManager());
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("LDAP", address, 0, serverSsl.createSSLSocketFactory()),
                InMemoryListenerConfig.createLDAPSConfig("LDAPS", address, 0,
                        serverSsl.createSSLServerSocketFactory(), clientSsl.createSSLSocketFactory()));
        tweak.accept(config);
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        server.importFromLDIF(true, resource("ldap/directory.ldif").toFile());
        server.startListening();
        return new TestDirectory(server);
    }

    /** ldap:// on the plain listener, which also accepts StartTLS. */
    public String ldapUrl() {
        return "ldap://" + host() + ":" + server.getListenPort("LDAP");
    }

    public String ldapsUrl() {
        return "ldaps://" + host() + ":" + server.getListenPort("LDAPS");
    }

    private String host() {
        return server.getListenAddress("LDAP").getHostAddress();
    }

    /** The PEM certificate the listeners present (self-signed, so it is its own CA). */
    public static Path caPem() throws Exception {
        return tls().pem.toPath();
    }

    /** Settings for this server: GENERIC flavour, service account bound, plain ldap://, fixture bases. */
    public DirectorySettings.Builder settings() {
        return DirectorySettings.builder(DirectoryFlavour.GENERIC)
                .urls(ldapUrl())
                .bind(SERVICE_DN, Secret.of(SERVICE_PASSWORD))
                .userBase(PEOPLE)
                .groupBase(GROUPS)
                .connectTimeout(java.time.Duration.ofSeconds(2))
                .responseTimeout(java.time.Duration.ofSeconds(2))
                .poolSize(4);
    }

    public InMemoryDirectoryServer server() {
        return server;
    }

    /** A loopback port nobody listens on, for "server down" URLs. */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.shutDown(true);
    }

    private static Path resource(String name) throws Exception {
        var url = TestDirectory.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        return Path.of(url.toURI());
    }

    private record Tls(File keyStore, char[] pin, File pem) {
    }

    private static synchronized Tls tls() throws Exception {
        if (tls == null) {
            Path dir = Files.createTempDirectory("rolegate-ldap-tls");
            dir.toFile().deleteOnExit();
            File keyStore = dir.resolve("server.p12").toFile();
            File pem = dir.resolve("ca.pem").toFile();
            String pin = "test-keystore-pin";
            manageCertificates("generate-self-signed-certificate", "--keystore", keyStore.getPath(),
                    "--keystore-password", pin, "--keystore-type", "PKCS12", "--alias", "server-cert",
                    "--subject-dn", "CN=localhost,O=Rolegate Test", "--subject-alternative-name-dns", "localhost",
                    "--subject-alternative-name-ip-address", "127.0.0.1", "--days-valid", "7",
                    "--key-algorithm", "EC", "--key-size-bits", "256", "--signature-algorithm", "SHA256withECDSA");
            manageCertificates("export-certificate", "--keystore", keyStore.getPath(), "--keystore-password", pin,
                    "--alias", "server-cert", "--output-file", pem.getPath(), "--output-format", "PEM");
            keyStore.deleteOnExit();
            pem.deleteOnExit();
            tls = new Tls(keyStore, pin.toCharArray(), pem);
        }
        return tls;
    }

    private static void manageCertificates(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultCode rc = ManageCertificates.main(InputStream.nullInputStream(), out, out, args);
        if (rc != ResultCode.SUCCESS) {
            throw new UncheckedIOException(new IOException("manage-certificates " + args[0] + " failed: " + out));
        }
    }
}
