package io.rolegate.console.recording;

import io.rolegate.console.common.Formats;
import io.rolegate.engine.api.model.RecordedStatement;
import io.rolegate.engine.api.model.Recording;

import java.util.List;

/** How the timeline reads: its summary line, each row's transaction shading, and the length of its duration bar. */
final class Timeline {
    /** Style classes of a row: alternate shades per transaction, a failed transaction, a failed statement. */
    static final String TX_A = "tx-a";
    static final String TX_B = "tx-b";
    static final String TX_FAILED = "tx-failed";
    static final String FAILED = "statement-failed";

    private Timeline() {
    }

    /** "Session #12 of alice: 14 statements, 1 failed, 2 transactions, 38 ms in the server · statement text …". */
    static String summary(Recording r, List<RecordedStatement> statements) {
        long failed = statements.stream().filter(RecordedStatement::failed).count();
        long transactions = statements.stream().mapToLong(RecordedStatement::transaction).filter(t -> t > 0)
                .distinct().count();
        long micros = statements.stream().mapToLong(RecordedStatement::durationMicros).sum();
        StringBuilder b = new StringBuilder("Session #").append(r.sessionId()).append(" of ").append(r.user())
                .append(r.live() ? " (live)" : "").append(": ")
                .append(Formats.count(statements.size())).append(statements.size() == 1 ? " statement" : " statements");
        if (failed > 0) {
            b.append(", ").append(Formats.count(failed)).append(" failed");
        }
        if (transactions > 0) {
            b.append(", ").append(Formats.count(transactions))
                    .append(transactions == 1 ? " transaction" : " transactions");
        }
        b.append(", ").append(Formats.micros(micros)).append(" in the server");
        if (r.dropped() > 0) {
            b.append(" · ").append(Formats.count(r.dropped())).append(" not recorded (the store fell behind)");
        }
        b.append(" · statement text ").append("full".equals(r.capture()) ? "as sent" : "with literals as ?");
        return b.toString();
    }

    /** The shading of a statement's row: its transaction's (alternating), red for a failed one; none outside. */
    static String shade(RecordedStatement s) {
        if (s.failedTransaction()) {
            return TX_FAILED;
        }
        if (s.transaction() == 0) {
            return null;
        }
        return s.transaction() % 2 == 1 ? TX_A : TX_B;
    }

    /**
     * The statement's share of the longest in view, 0..1, on a square-root scale: a statement 100 times shorter
     * still shows (a tenth), and the slow one stands out, which a log scale flattens.
     */
    static double bar(long micros, long longest) {
        if (longest <= 0 || micros <= 0) {
            return 0;
        }
        return Math.min(1, Math.sqrt((double) micros / longest));
    }

    /** "BEGIN ▸", "◂ COMMIT", "◂ ROLLBACK" for the boundaries, else the tag. */
    static String command(RecordedStatement s) {
        if (s.failed()) {
            return "ERROR " + s.sqlState();
        }
        String c = s.command() == null ? "" : s.command();
        if (s.boundary() == RecordedStatement.Boundary.BEGIN) {
            return c + " ▸";
        }
        return s.boundary() != null ? "◂ " + c : c;
    }
}
