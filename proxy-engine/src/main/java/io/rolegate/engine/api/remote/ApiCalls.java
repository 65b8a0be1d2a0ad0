package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.model.EngineException;
import io.rolegate.engine.api.model.LoginExpired;
import io.rolegate.engine.api.model.PermissionDenied;
import io.rolegate.engine.api.model.UntrustedCertificate;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * The HTTP side of {@link RemoteEngine}: one HTTPS client verifying the engine's certificate by an
 * {@link EngineTrust}, requests with the caller's bearer token, and answers turned into the facade's own
 * exceptions — 401 {@link LoginExpired}, 403 {@link PermissionDenied}, a refused certificate
 * {@link UntrustedCertificate}, anything else an {@link EngineException} with the engine's message.
 */
final class ApiCalls {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final EngineTrust trust;
    private final HttpClient http;

    ApiCalls(URI base, EngineTrust trust) {
        this.base = base;
        this.trust = trust;
        this.http = HttpClient.newBuilder().sslContext(trust.sslContext()).connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI base() {
        return base;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    String get(String pathAndQuery, String token) {
        return send(request(pathAndQuery, token).GET(), false);
    }

    String post(String path, Object body, String token) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ApiJson.write(body))), false);
    }

    String put(String path, Object body, String token) {
        return send(request(path, token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(ApiJson.write(body))), false);
    }

    /** The login: a 401 here is a refused password, not an expired token. */
    String login(Object body) {
        return send(request("/login", null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ApiJson.write(body))), true);
    }

    private HttpRequest.Builder request(String pathAndQuery, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + ApiRoutes.PREFIX + pathAndQuery))
                .timeout(TIMEOUT).header("Accept", "application/json");
        return token == null || token.isEmpty() ? b : b.header("Authorization", "Bearer " + token);
    }

    private String send(HttpRequest.Builder request, boolean login) {
        HttpResponse<String> response = exchange(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            return response.body();
        }
        throw failure(response.statusCode(), response.body(), login);
    }

    /**
     * {@code GET} of a streamed answer (an export), copied to {@code out} as it arrives. An answer the engine cut
     * after its first line (its last line then says {@code "kind":"error"}) throws, so a short export never passes
     * for a whole one.
     */
    void stream(String pathAndQuery, String token, Writer out) {
        HttpResponse<InputStream> response = exchange(request(pathAndQuery, token).GET(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (Reader in = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
            if (response.statusCode() != 200) {
                StringWriter body = new StringWriter();
                in.transferTo(body);
                throw failure(response.statusCode(), body.toString(), false);
            }
            StreamedCopy.copy(in, out);
        } catch (IOException e) {
            throw new EngineException("the answer of the engine at " + base + " broke off: " + describe(e), e);
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (ConnectException e) {
            throw new EngineException("cannot connect to the engine at " + base + ": " + describe(e), e);
        } catch (SSLException e) {
            throw refused(e);
        } catch (IOException e) {
            X509Certificate bad = trust.lastRefused();
            if (bad != null) {
                throw refused(e);
            }
            throw new EngineException("the engine at " + base + " could not be reached: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while waiting for the engine at " + base, e);
        }
    }

    /** An answer other than 200, as the facade's own exception. */
    private EngineException failure(int status, String body, boolean login) {
        String message;
        try {
            message = ApiJson.tree(body).path("message").asText("(no message)");
        } catch (IllegalArgumentException e) {
            return new EngineException("the engine at " + base + " answered " + status
                    + " with no JSON: is it a Rolegate admin API?");
        }
        return switch (status) {
            case 401 -> login ? new EngineException(message) : new LoginExpired(message);
            case 403 -> new PermissionDenied(message);
            case 404 -> new NotFound(message);
            case 503 -> new Unavailable(message);
            default -> new EngineException(message);
        };
    }

    /** The engine has no such thing (a session that ended meanwhile). */
    static final class NotFound extends EngineException {
        NotFound(String message) {
            super(message);
        }
    }

    /** The engine could not do it now (another node gone or silent, a cancel that did not complete). */
    static final class Unavailable extends EngineException {
        Unavailable(String message) {
            super(message);
        }
    }

    private EngineException refused(IOException e) {
        X509Certificate bad = trust.lastRefused();
        if (bad == null) {
            return new EngineException("TLS with the engine at " + base + " failed: " + describe(e), e);
        }
        String fingerprint = EngineTrust.fingerprint(bad);
        return new UntrustedCertificate("the engine at " + base + " presented a certificate that "
                + trust.describe() + " does not vouch for (" + describe(e) + "). Its SHA-256 fingerprint is "
                + fingerprint + " (subject " + bad.getSubjectX500Principal().getName() + "). Compare it with the"
                + " engine's certificate before you trust it: give its CA with --attach-ca FILE, or pin it with"
                + " --attach-pin " + fingerprint + ".", fingerprint, bad.getSubjectX500Principal().getName(), e);
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof SSLException)) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
