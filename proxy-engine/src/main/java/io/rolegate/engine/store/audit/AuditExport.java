package io.rolegate.engine.store.audit;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.api.model.AuditEvent;

import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;

/**
 * Export formats. Both carry the node (whose chain holds the record), the sequence and both hashes, so an exported
 * file can be checked against the chains later. JSON Lines is the event schema the SIEM exporters send
 * ({@link AuditEventJson}); CSV keeps the stored columns, with cells that a spreadsheet would read as a formula
 * neutralized ({@link #neutralized}).
 */
public final class AuditExport {
    /** The node is the last column: the columns before fleets keep their places for scripts that count them. */
    public static final String CSV_HEADER = "seq,time,type,actor,user,session_id,client_address,sqlstate,message,"
            + "details,prev_hash,hash,node";

    private AuditExport() {
    }

    /** One event in the documented schema ({@link AuditEventJson}), one line. */
    public static void writeJsonLine(AuditRecord r, Writer out) throws IOException {
        out.write(AuditEventJson.toJson(r) + "\n");
    }

    /** One RFC 4180 record, CRLF-terminated; an absent value is an empty field. */
    public static void writeCsvRow(AuditRecord r, Writer out) throws IOException {
        AuditEvent e = r.event();
        String[] fields = {Long.toString(r.sequence()), DateTimeFormatter.ISO_INSTANT.format(e.time()),
            e.type().name(), e.actor(), e.user(), e.sessionId(), e.clientAddress(), e.sqlstate(), e.message(),
            e.details(), r.previousHash(), r.hash(), r.node()};
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(csvField(fields[i]));
        }
        out.write(line.append("\r\n").toString());
    }

    static String csvField(String raw) {
        if (raw == null) {
            return "";
        }
        String value = neutralized(raw);
        boolean quote = value.isEmpty() || value.indexOf(',') >= 0 || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || !value.equals(value.strip());
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /**
     * A cell a spreadsheet would run as a formula gets a leading apostrophe, so it is shown as text (OWASP, "CSV
     * Injection"): a user name like {@code =HYPERLINK(...)} or a captured query starting with {@code -} is data
     * from a client, never something to execute on the auditor's machine. The JSON Lines export is left exact.
     */
    static String neutralized(String value) {
        if (value.isEmpty()) {
            return value;
        }
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
    }
}
