package io.rolegate.engine.testbed;

import io.rolegate.engine.api.Engine;
import io.rolegate.engine.api.remote.ApiServer;
import io.rolegate.engine.config.ApiConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;

/**
 * The remote admin API of a {@link ConsoleProxy} engine over real TLS: a test CA issues the API's certificate for
 * 127.0.0.1, and {@link #http()} trusts that CA only (host name verified, as the CLI does). Requests are plain
 * {@link HttpRequest}s, so a test can send anything, malformed included.
 */
public final class TestAdminApi implements AutoCloseable {
    private final ApiServer server;
    private final Path caFile;
    private final HttpClient http;

    private TestAdminApi(ApiServer server, Path caFile, HttpClient http) {
        this.server = server;
        this.caFile = caFile;
        this.http = http;
    }

    /** Certificates for the API in {@code dir}: the server's (127.0.0.1), its key, and the CA that issued it. */
    public static TestCertificates.PemSet certificates(Path dir) throws Exception {
        Files.createDirectories(dir);
        return TestCertificates.authority("Rolegate API test CA").issue(TestCertificates.KeyType.EC, "127.0.0.1",
                "localhost").writePem(dir);
    }

    /** Serves {@code engine} on a free loopback port with {@code config} (its port is replaced by 0). */
    public static TestAdminApi start(Engine engine, ApiConfig config, Path caFile, Clock clock) throws Exception {
        ApiConfig free = new ApiConfig(true, "127.0.0.1", 0, config.certificate(), config.key(), config.selfSigned(),
                config.clientCa(), config.tokenLifetime());
        ApiServer server = ApiServer.start(engine, free, clock);
        return new TestAdminApi(server, caFile, client(caFile, null));
    }

    public static TestAdminApi start(Engine engine, Path certDir) throws Exception {
        TestCertificates.PemSet pem = certificates(certDir);
        return start(engine, ApiConfig.loopback(0, pem.certificate(), pem.key()), pem.ca(), Clock.systemUTC());
    }

    /** An HTTPS client trusting only {@code caFile}; {@code keys}: its client certificate, or null for none. */
    public static HttpClient client(Path caFile, javax.net.ssl.KeyManager[] keys) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", io.rolegate.engine.tls.PemFiles.readCertificates(caFile).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(keys, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(60)).build();
    }

    public ApiServer server() {
        return server;
    }

    public String url() {
        return "https://127.0.0.1:" + server.address().getPort();
    }

    public int port() {
        return server.address().getPort();
    }

    public Path caFile() {
        return caFile;
    }

    public HttpClient http() {
        return http;
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(60));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    public HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path, String token) throws Exception {
        return send(request(path, token).GET().build());
    }

    public HttpResponse<String> send(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = request(path, token);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Logs {@code user} in with their test directory password; the bearer token. */
    public String login(String user) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/login", null,
                "{\"username\":\"" + user + "\",\"password\":\"" + TestDirectory.password(user) + "\"}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login of " + user + " failed: " + r.statusCode() + " " + r.body());
        }
        return io.rolegate.engine.api.remote.ApiJson.tree(r.body()).path("token").asText();
    }

    @Override
    public void close() {
        server.close();
    }
}
