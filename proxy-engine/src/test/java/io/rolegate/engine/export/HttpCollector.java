package io.rolegate.engine.export;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An in-test HTTP(S) receiver: the JDK's server on loopback, one path, each request judged by a function that
 * returns the status to answer; the bodies of requests answered 2xx are kept.
 */
final class HttpCollector implements AutoCloseable {
    /** A request as the judge sees it. */
    record Request(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<byte[]> accepted = new CopyOnWriteArrayList<>();
    private final List<Integer> answers = new CopyOnWriteArrayList<>();

    private HttpCollector(HttpServer server, String path, Function<Request, Integer> judge) {
        this.server = server;
        server.createContext(path, exchange -> handle(exchange, judge));
        server.start();
    }

    static HttpCollector http(String path, Function<Request, Integer> judge) throws IOException {
        return new HttpCollector(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16),
                path, judge);
    }

    static HttpCollector https(SSLContext tls, String path, Function<Request, Integer> judge) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new HttpCollector(s, path, judge);
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<byte[]> accepted() {
        return List.copyOf(accepted);
    }

    /** Every status answered so far, in order. */
    List<Integer> answers() {
        return List.copyOf(answers);
    }

    private void handle(HttpExchange exchange, Function<Request, Integer> judge) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = !exchange.getRequestMethod().equals("POST") ? 405
                    : judge.apply(new Request(Map.copyOf(exchange.getRequestHeaders()), body));
            if (status / 100 == 2) {
                accepted.add(body);
            }
            answers.add(status);
            byte[] answer = (status / 100 == 2 ? "{}" : "{\"error\":\"refused\"}").getBytes();
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
