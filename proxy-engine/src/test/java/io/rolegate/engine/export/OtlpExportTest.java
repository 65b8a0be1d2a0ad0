package io.rolegate.engine.export;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.rolegate.engine.config.ExportConfig;
import io.rolegate.engine.testbed.Eventually;
import io.rolegate.engine.testbed.TestDirectory;
import io.rolegate.engine.testbed.TestProxy;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OTLP/HTTP export to an in-test collector that decodes each request with the OpenTelemetry proto classes: one
 * log record per event, the event schema as body, the event id, type and identity as attributes.
 */
class OtlpExportTest extends ExportEngineTest {
    @Test
    void everyEventArrivesAsALogRecordTheProtoClassesDecode() throws Exception {
        List<String> contentTypes = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (HttpCollector collector = HttpCollector.http("/v1/logs", r -> {
            contentTypes.add(r.header("Content-Type"));
            return 200;
        })) {
            ExportConfig export = ExportScenario.exporter(ExportConfig.Type.OTLP,
                    URI.create("http://127.0.0.1:" + collector.port()), false, null, null);
            proxy = TestProxy.start(dataDir, ExportScenario.directoryWithExports(ldap, export));

            ExportScenario.run(proxy);

            var committed = ExportScenario.committed(proxy);
            ExportScenario.awaitAll(committed.keySet(), () -> attribute(records(collector), "rolegate.event_id"));
            List<LogRecord> records = records(collector);
            assertThat(attribute(records, "rolegate.event_id")).doesNotHaveDuplicates();
            assertThat(contentTypes).containsOnly("application/x-protobuf");
            ResourceLogs resource = ExportLogsServiceRequest.parseFrom(collector.accepted().get(0))
                    .getResourceLogs(0);
            assertThat(attributes(resource.getResource().getAttributesList())).containsEntry("service.name",
                    "rolegate");
            assertThat(resource.getScopeLogs(0).getScope().getName()).isEqualTo("io.rolegate.audit");
            LogRecord decided = records.stream().filter(r -> attributes(r.getAttributesList())
                    .get("rolegate.event_type").equals("ACCESS_DECIDED")).findFirst().orElseThrow();
            Map<String, String> a = attributes(decided.getAttributesList());
            assertThat(a).containsEntry("user.name", "alice").containsKey("session.id").containsKey("client.address")
                    .containsEntry("rolegate.decision", "allow")
                    .containsEntry("db.namespace", io.rolegate.engine.testbed.TestPostgres.DATABASE);
            assertThat(decided.getBody().getStringValue()).startsWith("{\"schema\":\"rolegate.audit.v1\"")
                    .contains("\"eventId\":\"" + a.get("rolegate.event_id") + "\"", TestDirectory.userDn("alice"));
            assertThat(decided.getTimeUnixNano()).isPositive();
            assertThat(decided.getEventName()).isEqualTo("rolegate.audit.access_decided");
            LogRecord revoked = records.stream().filter(r -> attributes(r.getAttributesList())
                    .get("rolegate.event_type").equals("REVOCATION")).findFirst().orElseThrow();
            assertThat(revoked.getSeverityText()).isEqualTo("WARN");
            assertThat(revoked.getSeverityNumberValue()).isEqualTo(13);
        }
    }

    @Test
    void aCollectorAnsweringErrorsKeepsTheEventsUntilItAccepts() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean accept = new java.util.concurrent.atomic.AtomicBoolean();
        try (HttpCollector collector = HttpCollector.http("/v1/logs", r -> accept.get() ? 200 : 503)) {
            ExportConfig export = ExportScenario.exporter(ExportConfig.Type.OTLP,
                    URI.create("http://127.0.0.1:" + collector.port() + "/"), false, null, null);
            proxy = TestProxy.start(dataDir, ExportScenario.directoryWithExports(ldap, export));
            ExportScenario.loginAndDeny(proxy);
            Eventually.within(ExportScenario.ARRIVAL, "503 seen", () -> ExportScenario.metrics(proxy)
                    .contains("reason=\"http_503\"} 1"));
            assertThat(collector.accepted()).isEmpty();

            accept.set(true);

            ExportScenario.awaitAll(ExportScenario.committed(proxy).keySet(),
                    () -> attribute(records(collector), "rolegate.event_id"));
        }
    }

    private static List<LogRecord> records(HttpCollector collector) {
        List<LogRecord> out = new ArrayList<>();
        for (byte[] body : collector.accepted()) {
            try {
                ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(body);
                request.getResourceLogsList().forEach(rl -> rl.getScopeLogsList()
                        .forEach(sl -> out.addAll(sl.getLogRecordsList())));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError("not an ExportLogsServiceRequest", e);
            }
        }
        return out;
    }

    private static List<String> attribute(List<LogRecord> records, String key) {
        return records.stream().map(r -> attributes(r.getAttributesList()).get(key)).toList();
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        return kvs.stream().collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().hasIntValue()
                ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue(), (x, y) -> x));
    }
}
