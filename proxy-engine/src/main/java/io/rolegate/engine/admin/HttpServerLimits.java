package io.rolegate.engine.admin;

/**
 * A bound on how long the JDK's HTTP server lets one connection take to send its request. That server reads a
 * request — for HTTPS, the TLS handshake too — on a thread of its executor, so a client that opens a connection
 * and sends nothing more would hold that thread for good (measured: four connections that sent three bytes of a
 * ClientHello kept a four-thread HTTPS server from answering anyone). {@code sun.net.httpserver.maxReqTime}
 * drops such a connection after the bound. The JDK reads the property once, when the process's first HTTP server
 * is created, and it applies to all of them; an operator's own {@code -D} setting wins.
 */
public final class HttpServerLimits {
    static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";
    /** Seconds a client may take from connecting to the end of its request (a 1 MiB body on a slow link fits). */
    public static final int REQUEST_SECONDS = 10;

    private HttpServerLimits() {
    }

    /** Call before creating an HTTP server (every one of ours does, so whichever comes first sets it). */
    public static void boundRequestReading() {
        if (System.getProperty(MAX_REQUEST_TIME) == null) {
            System.setProperty(MAX_REQUEST_TIME, Integer.toString(REQUEST_SECONDS));
        }
    }
}
