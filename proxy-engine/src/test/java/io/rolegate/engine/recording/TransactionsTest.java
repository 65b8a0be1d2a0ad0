package io.rolegate.engine.recording;

import io.rolegate.engine.api.model.RecordedStatement.Boundary;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Transaction numbers and boundaries from tags and ReadyForQuery status; rows and errors from the wire. */
class TransactionsTest {
    private final Transactions tx = new Transactions();

    @Test
    void beginAndCommitInOnePipelineShareATransactionAndOutsideIsZero() {
        assertThat(tx.place(1, (byte) 'I', "SELECT 1", "select 1", false)).isEqualTo(place(0, null, false));
        assertThat(tx.place(2, (byte) 'I', "BEGIN", "BEGIN", false)).isEqualTo(place(1, Boundary.BEGIN, false));
        assertThat(tx.place(2, (byte) 'I', "UPDATE 2", "update t", false)).isEqualTo(place(1, null, false));
        assertThat(tx.place(3, (byte) 'T', "COMMIT", "commit", false)).isEqualTo(place(1, Boundary.COMMIT, false));
        assertThat(tx.place(4, (byte) 'I', "SELECT 1", "select 1", false)).isEqualTo(place(0, null, false));
    }

    @Test
    void anErrorFailsTheTransactionAndItsCommitIsAnsweredRollback() {
        tx.place(1, (byte) 'I', "BEGIN", "begin", false);
        assertThat(tx.place(2, (byte) 'T', null, "insert dup", true)).isEqualTo(place(1, null, false));
        assertThat(tx.place(3, (byte) 'E', null, "select 1", true)).isEqualTo(place(1, null, true));
        assertThat(tx.place(4, (byte) 'E', "ROLLBACK", "commit", false))
                .isEqualTo(place(1, Boundary.ROLLBACK, true));
        assertThat(tx.place(5, (byte) 'I', "BEGIN", "begin", false)).isEqualTo(place(2, Boundary.BEGIN, false));
    }

    @Test
    void rollbackToASavepointEndsNothing() {
        tx.place(1, (byte) 'I', "BEGIN", "begin", false);
        tx.place(2, (byte) 'T', "SAVEPOINT", "savepoint a", false);
        tx.place(3, (byte) 'T', null, "insert dup", true);
        assertThat(tx.place(4, (byte) 'E', "ROLLBACK", "ROLLBACK TO SAVEPOINT a", false))
                .isEqualTo(place(1, null, false));
        assertThat(tx.place(5, (byte) 'T', "ROLLBACK", "rollback", false))
                .isEqualTo(place(1, Boundary.ROLLBACK, false));
    }

    @Test
    void aTransactionTheRecordingDidNotSeeBeginStillGetsANumber() {
        assertThat(tx.place(7, (byte) 'T', "INSERT 0 1", "insert", false)).isEqualTo(place(1, null, false));
        assertThat(tx.place(8, (byte) 'I', "SELECT 1", "select 1", false)).isEqualTo(place(0, null, false));
    }

    @Test
    void rowsComeFromTheTagAndErrorsFromTheirFields() {
        assertThat(StatementDecoding.rows("INSERT 0 3", 0)).isEqualTo(3L);
        assertThat(StatementDecoding.rows("SELECT 5", 5)).isEqualTo(5L);
        assertThat(StatementDecoding.rows("COPY 10", 0)).isEqualTo(10L);
        assertThat(StatementDecoding.rows("CREATE TABLE", 0)).isNull();
        assertThat(StatementDecoding.rows(null, 4)).as("a suspended portal: the rows it sent").isEqualTo(4L);
        byte[] error = "SERROR\0VERROR\0C23505\0Mduplicate key value\0\0".getBytes(StandardCharsets.UTF_8);
        assertThat(StatementDecoding.error(error)).containsExactly("23505", "duplicate key value");
    }

    private static Transactions.Place place(long n, Boundary b, boolean failed) {
        return new Transactions.Place(n, b, failed);
    }
}
