package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.Json;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditEvent;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass(name = "{0}")
@EnumSource(TestStores.class)
class AuditQueryExportTest {
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.123456Z");

    @Parameter
    TestStores kind;
    @TempDir
    Path dir;
    TestStores.Location location;
    Store store;
    AuditLog audit;

    @BeforeEach
    void open() {
        location = kind.fresh(dir);
        store = location.open();
        audit = store.audit();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void jsonLinesAreTheEventSchemaEscapingQuotesNewlinesBackslashesControlsAndKeepingUnicode() throws Exception {
        audit.append(tricky()).get();
        AuditRecord r = audit.query(AuditQuery.all()).get(0);
        StringWriter out = new StringWriter();

        audit.exportJsonl(AuditQuery.all(), out);

        assertThat(out.toString()).isEqualTo("{\"schema\":\"rolegate.audit.v1\",\"eventId\":\"" + r.node() + ":1:"
                + r.hash().substring(0, 16) + "\",\"seq\":1,\"time\":\"2026-03-04T05:06:07.123456Z\","
                + "\"type\":\"AUTH_FAILED\",\"node\":\"" + r.node() + "\","
                + "\"identity\":{\"user\":\"dave, jr\",\"dn\":null,\"groups\":[],\"roles\":[]},"
                + "\"actor\":null,\"sessionId\":null,\"clientAddress\":null,\"database\":null,"
                + "\"decision\":\"deny\",\"reason\":null,\"sqlstate\":\"28P01\","
                + "\"message\":\"He said \\\"hi\\\"\\nline2\\\\ é 🐘 \\u0001\\ttab\","
                + "\"details\":{\"k\":\"v\"},\"prevHash\":\"" + AuditChain.GENESIS + "\","
                + "\"hash\":\"" + r.hash() + "\"}\n");
    }

    @Test
    void csvQuotesFieldsWithCommasQuotesAndLineBreaksAndLeavesNullsEmpty() throws Exception {
        audit.append(tricky()).get();
        AuditRecord r = audit.query(AuditQuery.all()).get(0);
        StringWriter out = new StringWriter();

        audit.exportCsv(AuditQuery.all(), out);

        assertThat(out.toString()).isEqualTo(AuditExport.CSV_HEADER + "\r\n"
                + "1,2026-03-04T05:06:07.123456Z,AUTH_FAILED,,\"dave, jr\",,,28P01,"
                + "\"He said \"\"hi\"\"\nline2\\ é 🐘 \u0001\ttab\",\"{\"\"k\"\":\"\"v\"\"}\","
                + AuditChain.GENESIS + "," + r.hash() + "," + r.node() + "\r\n");
        assertThat(AuditExport.csvField("")).isEqualTo("\"\"");
        assertThat(AuditExport.csvField(" padded")).isEqualTo("\" padded\"");
    }

    @Test
    void jsonQuoteEscapesLoneSurrogatesButKeepsPairs() {
        assertThat(Json.quote("a\uD800b")).isEqualTo("\"a\\ud800b\"");
        assertThat(Json.quote("\uDC00")).isEqualTo("\"\\udc00\"");
        assertThat(Json.quote("🐘")).isEqualTo("\"🐘\"");
        assertThat(Json.quote(null)).isEqualTo("null");
    }

    @Test
    void queryFiltersByTimeUserTypeTextAndLimit() throws Exception {
        List<AuditEvent> events = List.of(
                AuditEvent.of(AuditEventType.AUTH_SUCCEEDED, "dave logged in").withUser("dave").at(T0),
                AuditEvent.of(AuditEventType.AUTH_FAILED, "Wrong PASSWORD").withUser("erin").at(T0.plusSeconds(10)),
                AuditEvent.of(AuditEventType.ACCESS_DECIDED, "granted 100% of roles").withUser("dave")
                        .at(T0.plusSeconds(20)),
                AuditEvent.of(AuditEventType.SESSION_ENDED, "ended").withUser("dave")
                        .withDetails("{\"reason\":\"REVOKED_GROUP\"}").at(T0.plusSeconds(30)));
        CompletableFuture.allOf(events.stream().map(audit::append).toArray(CompletableFuture[]::new)).get();

        assertThat(messages(AuditQuery.all().user("dave")))
                .containsExactly("dave logged in", "granted 100% of roles", "ended");
        assertThat(messages(AuditQuery.all().since(T0.plusSeconds(10)).until(T0.plusSeconds(30))))
                .containsExactly("Wrong PASSWORD", "granted 100% of roles");
        assertThat(messages(AuditQuery.all().types(Set.of(AuditEventType.AUTH_FAILED, AuditEventType.SESSION_ENDED))))
                .containsExactly("Wrong PASSWORD", "ended");
        assertThat(messages(AuditQuery.all().text("password"))).containsExactly("Wrong PASSWORD");
        assertThat(messages(AuditQuery.all().text("100%"))).containsExactly("granted 100% of roles");
        assertThat(messages(AuditQuery.all().text("0%_"))).isEmpty();
        assertThat(messages(AuditQuery.all().text("revoked_group"))).containsExactly("ended");
        assertThat(messages(AuditQuery.all().limit(2).newestFirstOrder())).containsExactly("ended",
                "granted 100% of roles");
    }

    private List<String> messages(AuditQuery q) {
        return audit.query(q).stream().map(r -> r.event().message()).toList();
    }

    private static AuditEvent tricky() {
        return AuditEvent.of(AuditEventType.AUTH_FAILED, "He said \"hi\"\nline2\\ é 🐘 \u0001\ttab")
                .withUser("dave, jr").withSqlstate("28P01").withDetails("{\"k\":\"v\"}").at(T0);
    }
}
