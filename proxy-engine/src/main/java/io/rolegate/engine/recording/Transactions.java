package io.rolegate.engine.recording;

import io.rolegate.engine.api.model.RecordedStatement.Boundary;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Follows one recorded session's transactions, statement by statement, on the writer thread. Two sources agree:
 * the ReadyForQuery status at the start of each request (idle, in a transaction, in a failed one), and within a
 * request the tags BEGIN / START TRANSACTION / COMMIT / ROLLBACK. A ROLLBACK tag also answers ROLLBACK TO SAVEPOINT,
 * which ends nothing, so the statement's own text decides that one; a COMMIT of a failed transaction is answered
 * ROLLBACK, which is what happened.
 */
final class Transactions {
    private static final Pattern TO_SAVEPOINT = Pattern.compile("^\\s*(rollback|abort)\\s+((work|transaction)\\s+)?to\\b");

    /** Where a statement falls. */
    record Place(long transaction, Boundary boundary, boolean failedTransaction) {
    }

    private long number;
    private boolean open;
    private boolean failed;
    private long request = -1;

    /**
     * @param request      the statement's request number (a new one means a ReadyForQuery came in between)
     * @param statusBefore what that ReadyForQuery said: 'I', 'T' or 'E'
     * @param tag          the CommandComplete tag, null when the statement failed or was suspended
     * @param sql          the statement as sent (only read for ROLLBACK TO)
     */
    Place place(long request, byte statusBefore, String tag, String sql, boolean error) {
        if (request != this.request) {
            this.request = request;
            boolean inside = statusBefore == 'T' || statusBefore == 'E';
            if (inside && !open) {
                number++; // a transaction the recording did not see begin (it began before a dropped statement)
            }
            open = inside;
            failed = statusBefore == 'E';
        }
        if (error) {
            Place p = new Place(open ? number : 0, null, open && failed);
            failed |= open;
            return p;
        }
        if ("BEGIN".equals(tag) || "START TRANSACTION".equals(tag)) {
            if (open) {
                return new Place(number, null, failed); // "there is already a transaction in progress"
            }
            number++;
            open = true;
            failed = false;
            return new Place(number, Boundary.BEGIN, false);
        }
        boolean commit = "COMMIT".equals(tag);
        if (open && (commit || ("ROLLBACK".equals(tag) && !toSavepoint(sql)))) {
            Place p = new Place(number, commit ? Boundary.COMMIT : Boundary.ROLLBACK, failed);
            open = false;
            failed = false;
            return p;
        }
        if ("ROLLBACK".equals(tag) && open) {
            failed = false; // ROLLBACK TO SAVEPOINT leaves the transaction usable again
            return new Place(number, null, false);
        }
        return new Place(open ? number : 0, null, open && failed);
    }

    private static boolean toSavepoint(String sql) {
        return sql != null && TO_SAVEPOINT.matcher(sql.toLowerCase(Locale.ROOT)).find();
    }
}
