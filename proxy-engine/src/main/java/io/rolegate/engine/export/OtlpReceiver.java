package io.rolegate.engine.export;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.config.ExportConfig;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * OpenTelemetry logs over OTLP/HTTP with binary protobuf: a POST of an {@code ExportLogsServiceRequest} to
 * {@code <endpoint>/v1/logs}, acknowledged by 2xx. A partial success in the answer (records the collector
 * rejected) is not retried: the collector accepted the request and decided about them itself.
 */
final class OtlpReceiver implements Receiver {
    static final String LOGS_PATH = "/v1/logs";

    private final URI logs;
    private final String instance;
    private final HttpPost http;

    OtlpReceiver(ExportConfig config, String instance) {
        this.logs = logsUri(config.target());
        this.instance = instance;
        this.http = new HttpPost(config);
    }

    /** The endpoint's base URL with /v1/logs appended, unless it names that path already. */
    static URI logsUri(URI endpoint) {
        String s = endpoint.toString();
        if (s.endsWith(LOGS_PATH)) {
            return endpoint;
        }
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + LOGS_PATH);
    }

    @Override
    public void send(List<AuditRecord> batch) throws IOException {
        String version = OtlpReceiver.class.getPackage().getImplementationVersion();
        http.post(logs, "application/x-protobuf", OtlpEncoding.request(batch, instance, version), Map.of());
    }

    @Override
    public void close() {
        http.close();
    }
}
