package io.rolegate.engine.api.remote;

/**
 * A refusal the remote API answers with {@code status} and a JSON body {@code {"status", "error", "message",
 * "field"}}; {@code field} names the offending request field when there is one.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String field;
    private final long retryAfterSeconds;

    ApiError(int status, String message) {
        this(status, message, null, 0);
    }

    ApiError(int status, String message, String field, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiError badField(String field, String message) {
        return new ApiError(400, message, field, 0);
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, message);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, message);
    }

    public int status() {
        return status;
    }

    /** The request field at fault ({@code mappings[1].roles}), or null. */
    public String field() {
        return field;
    }

    /** For 429: when a new attempt may succeed; 0 otherwise. */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The short word for the status, as the body's {@code error} carries it. */
    String word() {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 409 -> "conflict";
            case 413 -> "request too large";
            case 415 -> "unsupported media type";
            case 429 -> "too many requests";
            case 503 -> "unavailable";
            default -> "error";
        };
    }
}
