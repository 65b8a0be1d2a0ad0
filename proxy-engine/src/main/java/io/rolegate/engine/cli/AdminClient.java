package io.rolegate.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.remote.ApiJson;
import io.rolegate.engine.api.remote.EngineTrust;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CLI's side of the remote admin API: HTTPS only, the server's certificate verified against {@code --ca} (PEM)
 * or the system's trust store, host name checked — there is no switch to skip either. Answers are JSON trees; a
 * refusal becomes a {@link CommandFailure} with the server's own message.
 */
final class AdminClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;
    private final String token;

    private AdminClient(URI base, HttpClient http, String token) {
        this.base = base;
        this.http = http;
        this.token = token;
    }

    static AdminClient connect(String url, Path caFile, String token) throws UsageException, CommandFailure {
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--url is not a URL: " + url);
        }
        if (!"https".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
            throw new UsageException("--url must be https://HOST:PORT (the admin API is served over TLS only), not "
                    + url);
        }
        HttpClient http = HttpClient.newBuilder().sslContext(trust(caFile)).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new AdminClient(base, http, token);
    }

    AdminClient withToken(String t) {
        return new AdminClient(base, http, t);
    }

    String url() {
        return base.toString();
    }

    /** Whether two API URLs name the same listener (case of scheme and host, a trailing slash aside). */
    static boolean sameUrl(String a, String b) {
        return normal(a).equals(normal(b));
    }

    private static String normal(String url) {
        String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        return u.toLowerCase(java.util.Locale.ROOT);
    }

    JsonNode get(String pathAndQuery) throws CommandFailure {
        return send(request(pathAndQuery).GET());
    }

    JsonNode post(String path, Object body) throws CommandFailure {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ApiJson.write(body))));
    }

    JsonNode put(String path, Object body) throws CommandFailure {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(ApiJson.write(body))));
    }

    /** A JSON Lines answer ({@code …/export}), as text; a refusal as for {@link #get}. */
    String getLines(String pathAndQuery) throws CommandFailure {
        HttpResponse<String> response = exchange(request(pathAndQuery).GET()
                .setHeader("Accept", "application/x-ndjson"));
        if (response.statusCode() != 200) {
            refused(response, answer(response));
        }
        return response.body();
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1" + pathAndQuery)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest.Builder request) throws CommandFailure {
        HttpResponse<String> response = exchange(request);
        JsonNode answer = answer(response);
        if (response.statusCode() != 200) {
            refused(response, answer);
        }
        return answer;
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) throws CommandFailure {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CommandFailure("cannot connect to the admin API at " + base + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailure("the admin API at " + base + " could not be reached over TLS: "
                    + describe(e) + " (is the server's certificate trusted? give its CA with --ca FILE)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted", e);
        }
        return response;
    }

    private JsonNode answer(HttpResponse<String> response) throws CommandFailure {
        try {
            return ApiJson.tree(response.body());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("the admin API answered " + response.statusCode() + " with no JSON: is "
                    + base + " a Rolegate admin API?");
        }
    }

    private void refused(HttpResponse<String> response, JsonNode answer) throws CommandFailure {
        String message = answer.path("message").asText("(no message)");
        throw new CommandFailure(switch (response.statusCode()) {
            case 401 -> "not logged in: " + message + " (run: admin login --url " + base + ")";
            case 403 -> "refused: " + message;
            default -> message;
        });
    }

    private static String describe(IOException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The server's certificate checked as the console checks it: {@code --ca} (PEM) or the system's trust store. */
    private static SSLContext trust(Path caFile) throws CommandFailure {
        try {
            return (caFile == null ? EngineTrust.system() : EngineTrust.caFile(caFile)).sslContext();
        } catch (EngineException e) {
            throw new CommandFailure("--ca: " + e.getMessage(), e);
        }
    }
}
