package io.rolegate.engine.export;

import io.rolegate.engine.api.model.AuditRecord;
import io.rolegate.engine.store.audit.AuditEventJson;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * RFC 5424 messages with octet-counting framing (RFC 6587 section 3.4.1, the framing RFC 5425 prescribes for TLS):
 * {@code LEN SP <PRI>1 TIMESTAMP HOSTNAME rolegate PROCID TYPE - JSON}. The MSG is the event in the documented JSON
 * schema, without a BOM (RFC 5424 allows that; many SIEM parsers stumble on the BOM), and carries the event id.
 */
final class SyslogFormat {
    static final String APP_NAME = "rolegate";
    private static final int WARNING = 4;
    private static final int NOTICE = 5;
    private static final int INFORMATIONAL = 6;

    private final int facility;
    private final String hostname;
    private final String procId;

    SyslogFormat(int facility, String hostname, long pid) {
        this.facility = facility;
        this.hostname = printable(hostname, 255);
        this.procId = Long.toString(pid);
    }

    /** One framed message. */
    byte[] frame(AuditRecord r) {
        byte[] message = message(r).getBytes(StandardCharsets.UTF_8);
        byte[] length = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length.length + message.length);
        out.writeBytes(length);
        out.writeBytes(message);
        return out.toByteArray();
    }

    String message(AuditRecord r) {
        int pri = facility * 8 + severity(r);
        return "<" + pri + ">1 " + DateTimeFormatter.ISO_INSTANT.format(r.event().time()) + " " + hostname + " "
                + APP_NAME + " " + procId + " " + printable(r.event().type().name(), 32) + " - "
                + AuditEventJson.toJson(r);
    }

    /** Refusals and revocations are warnings, a gap in the export a notice, everything else informational. */
    static int severity(AuditRecord r) {
        String decision = AuditEventJson.decision(r.event().type());
        if ("deny".equals(decision) || "revoke".equals(decision)) {
            return WARNING;
        }
        return r.event().type() == io.rolegate.engine.api.model.AuditEventType.EXPORT_GAP ? NOTICE : INFORMATIONAL;
    }

    /** RFC 5424 header fields are printable US-ASCII without spaces; "-" when nothing is left. */
    static String printable(String s, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; s != null && i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            out.append(c > 32 && c < 127 ? c : '_');
        }
        return out.length() == 0 ? "-" : out.toString();
    }
}
