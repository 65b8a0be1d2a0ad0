package io.rolegate.engine.export;

import io.rolegate.engine.config.ExportConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST to an HTTP receiver, acknowledged by a 2xx answer. HTTPS checks the receiver's certificate and host
 * name; redirects are not followed (a signed batch goes where it was configured to go, nowhere else).
 */
final class HttpPost implements AutoCloseable {
    private final HttpClient client;
    private final Duration timeout;
    private volatile CompletableFuture<HttpResponse<String>> inFlight;

    HttpPost(ExportConfig config) {
        this.timeout = config.timeout();
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if ("https".equalsIgnoreCase(config.target().getScheme())) {
            b.sslContext(ReceiverTrust.context(config.ca()));
        }
        this.client = b.build();
    }

    /** Posts {@code body}; returns once the receiver answered 2xx, else throws saying what it answered. */
    void post(URI uri, String contentType, byte[] body, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", contentType).header("User-Agent", "rolegate")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        CompletableFuture<HttpResponse<String>> sent = client.sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        inFlight = sent;
        HttpResponse<String> answer;
        try {
            // the exporter thread is never interrupted (it writes the store), so wait with a bound instead
            answer = sent.get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new java.net.http.HttpTimeoutException("no answer from " + uri + " within " + timeout.toMillis()
                    + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + uri, e);
        } catch (java.util.concurrent.CancellationException e) {
            throw new IOException("the exporter stopped while posting to " + uri, e);
        } finally {
            inFlight = null;
        }
        if (answer.statusCode() / 100 != 2) {
            throw new RejectedException(answer.statusCode(), "the receiver at " + uri + " answered HTTP "
                    + answer.statusCode() + ": " + shortened(answer.body()));
        }
    }

    /** The receiver answered, but not with 2xx. */
    static final class RejectedException extends IOException {
        private final int status;

        RejectedException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private static String shortened(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        CompletableFuture<HttpResponse<String>> f = inFlight;
        if (f != null) {
            f.cancel(true);
        }
    }
}
