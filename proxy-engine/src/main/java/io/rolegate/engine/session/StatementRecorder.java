package io.rolegate.engine.session;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Follows one recorded session's conversation and hands each finished statement to a {@link RecordingSink}. Only a
 * recorded session has one: every other session pays one null check per message. Confined to the session's event
 * loop, like the stream scanners that feed it.
 *
 * <p>The server answers strictly in order, so what the client asked for waits in a queue: a simple Query (which may
 * finish several statements before its ReadyForQuery), each Execute (one statement: CommandComplete, EmptyQuery,
 * PortalSuspended or ErrorResponse), and each Sync (one ReadyForQuery). An error in the extended protocol makes the
 * server skip every Execute up to the next Sync: those never ran and are not recorded. The text of an Execute is
 * the Parse its Bind named: the unnamed statement, or a named one parsed earlier (kept until Close).
 */
final class StatementRecorder {
    /** How much of the body of each message type the recorder needs (names, tags, error fields). */
    private static final int NAME_CAPTURE = 160;
    private static final int TAG_CAPTURE = 64;
    private static final int ERROR_CAPTURE = 1024;
    /** Named statements and portals remembered per session (pgjdbc keeps up to 256 prepared statements). */
    private static final int MAX_NAMED = 1024;
    /** Requests waiting for an answer; beyond this a pipeline's statements are counted as not recorded. */
    private static final int MAX_PENDING = 4096;
    private static final byte[] EMPTY = new byte[0];

    private static final byte F_BIND = 'B';
    private static final byte F_CLOSE = 'C';
    private static final byte F_EXECUTE = 'E';
    private static final byte F_SYNC = 'S';
    private static final byte F_FUNCTION_CALL = 'F';
    private static final byte B_COMMAND_COMPLETE = 'C';
    private static final byte B_ERROR = 'E';
    private static final byte B_EMPTY_QUERY = 'I';
    private static final byte B_PORTAL_SUSPENDED = 's';
    private static final byte B_DATA_ROW = 'D';

    /** A statement's text as the client sent it. */
    private record Text(byte[] bytes, boolean cut) {
        static final Text NONE = new Text(EMPTY, false);
    }

    private enum Kind { QUERY, EXECUTE, SYNC, NOT_RECORDED }

    /** Something the client asked for that the server has yet to answer. */
    private record Request(Kind kind, Text text, long arrivedNanos) {
        /** A Sync (or FunctionCall) with no Parse since the last one. */
        static final Request SYNC = new Request(Kind.SYNC, null, 0);
        /** An Execute past {@link #MAX_PENDING}: answered, but not recorded. */
        static final Request NOT_RECORDED = new Request(Kind.NOT_RECORDED, Text.NONE, 0);
    }

    private final RecordingSink sink;
    private final long baseNanos = System.nanoTime();
    private final Instant baseTime = Instant.now();
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    private final Map<String, Text> statements = bounded();
    private final Map<String, Text> portals = bounded();
    private Text unnamedStatement = Text.NONE;
    private Text unnamedPortal = Text.NONE;
    /**
     * The last Parse since the last Sync, which that Sync carries: a Parse that fails with no Execute after it
     * (Parse, Describe, Sync) is still a statement that failed.
     */
    private Text parsedSinceSync;
    private long lastDoneNanos = baseNanos;
    private long dataRows;
    private byte status = 'I';
    private long readies;
    private long notRecorded;

    /** The session's application_name changed. */
    void applicationName(String name) {
        sink.applicationName(name);
    }

    StatementRecorder(RecordingSink sink) {
        this.sink = sink;
    }

    private static Map<String, Text> bounded() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Text> eldest) {
                return size() > MAX_NAMED;
            }
        };
    }

    /** Executes that were answered but not recorded because the client pipelined more than the recorder follows. */
    long notRecorded() {
        return notRecorded;
    }

    // ---- what the client sends ------------------------------------------------------------------------------

    /** Leading body bytes the recorder needs of a client message, beyond the Query/Parse text capture already takes. */
    static int clientCapture(byte type) {
        return type == F_BIND || type == F_CLOSE || type == F_EXECUTE ? NAME_CAPTURE : 0;
    }

    /** A client message header: Sync and FunctionCall each expect a ReadyForQuery and carry nothing we need. */
    void clientMessage(byte type) {
        if (type == F_SYNC || type == F_FUNCTION_CALL) {
            waiting.add(parsedSinceSync == null ? Request.SYNC
                    : new Request(Kind.SYNC, parsedSinceSync, System.nanoTime()));
            parsedSinceSync = null;
        }
    }

    /** A simple Query: one or more statements, answered until its ReadyForQuery. */
    void query(byte[] text, boolean cut) {
        waiting.add(new Request(Kind.QUERY, new Text(text, cut), System.nanoTime()));
    }

    /** A Parse: {@code body} up to {@code nameEnd} is the statement name. */
    void parsed(byte[] body, int nameEnd, byte[] text, boolean cut) {
        Text t = new Text(text, cut);
        parsedSinceSync = t;
        if (nameEnd <= 0) {
            unnamedStatement = t;
        } else {
            statements.put(new String(body, 0, nameEnd, StandardCharsets.UTF_8), t);
        }
    }

    /** Bind, Close or Execute: the names they carry (cut bodies give up on what they cannot read). */
    void clientBody(byte type, byte[] body, int length) {
        int portalEnd = terminator(body, 0, length);
        if (type == F_EXECUTE) {
            execute(portalEnd <= 0 ? unnamedPortal : portals.getOrDefault(name(body, 0, portalEnd), Text.NONE));
        } else if (type == F_BIND && portalEnd >= 0) {
            int statementEnd = terminator(body, portalEnd + 1, length);
            Text t = statementEnd == portalEnd + 1 ? unnamedStatement : statementEnd < 0 ? Text.NONE
                    : statements.getOrDefault(name(body, portalEnd + 1, statementEnd), Text.NONE);
            if (portalEnd == 0) {
                unnamedPortal = t;
            } else {
                portals.put(name(body, 0, portalEnd), t);
            }
        } else if (type == F_CLOSE && length > 1) {
            int end = terminator(body, 1, length);
            if (end > 1) {
                (body[0] == 'S' ? statements : portals).remove(name(body, 1, end));
            }
        }
    }

    private void execute(Text text) {
        if (waiting.size() >= MAX_PENDING) {
            waiting.add(Request.NOT_RECORDED);
        } else {
            waiting.add(new Request(Kind.EXECUTE, text, System.nanoTime()));
        }
    }

    private static int terminator(byte[] body, int from, int length) {
        for (int i = from; i < length; i++) {
            if (body[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String name(byte[] body, int from, int to) {
        return new String(body, from, to - from, StandardCharsets.UTF_8);
    }

    // ---- what the server sends ------------------------------------------------------------------------------

    /** Leading body bytes the recorder needs of a server message. */
    static int serverCapture(byte type) {
        if (type == B_COMMAND_COMPLETE) {
            return TAG_CAPTURE;
        }
        return type == B_ERROR ? ERROR_CAPTURE : 0;
    }

    /** A server message header: rows, and the answers that carry no body. */
    void serverMessage(byte type) {
        if (type == B_DATA_ROW) {
            dataRows++;
        } else if (type == B_EMPTY_QUERY) {
            finish(null, false);
        } else if (type == B_PORTAL_SUSPENDED) {
            finish(null, true);
        }
    }

    /** CommandComplete or ErrorResponse, once the whole message passed. */
    void serverBody(byte type, byte[] body, int length) {
        if (type == B_COMMAND_COMPLETE) {
            int end = terminator(body, 0, length);
            finish(Arrays.copyOf(body, end < 0 ? length : end), false);
        } else if (type == B_ERROR) {
            failed(Arrays.copyOf(body, length));
        }
    }

    /** ReadyForQuery: the Query or Sync at the head of the queue is answered. */
    void ready(byte transactionStatus) {
        while (!waiting.isEmpty()) {
            Kind k = waiting.poll().kind();
            if (k == Kind.SYNC || k == Kind.QUERY) {
                break;
            }
        }
        status = transactionStatus;
        readies++;
        lastDoneNanos = System.nanoTime();
        dataRows = 0;
    }

    private void failed(byte[] error) {
        Request head = waiting.peek();
        if (head == null) {
            return; // nothing asked for it: a session-level error (the session is ending)
        }
        if (head.kind() == Kind.SYNC) {
            // no Execute before the Sync: a Parse that failed on its own, if there was one
            if (head.text() != null) {
                emit(head, null, false, error);
            }
            return;
        }
        if (head.kind() != Kind.QUERY) {
            waiting.poll();
            // the server skips the rest of the pipeline up to the next Sync: those Executes never ran
            while (!waiting.isEmpty() && waiting.peek().kind() != Kind.SYNC) {
                waiting.poll();
            }
        }
        emit(head, null, false, error);
    }

    private void finish(byte[] tag, boolean suspended) {
        Request head = waiting.peek();
        // a Sync still queued ahead of an Execute is one the server ignored (sent during COPY from the client):
        // it gets no ReadyForQuery, so it is dropped here to stay in step
        while (head != null && head.kind() == Kind.SYNC && waiting.size() > 1) {
            waiting.poll();
            head = waiting.peek();
        }
        if (head == null || head.kind() == Kind.SYNC) {
            return;
        }
        if (head.kind() != Kind.QUERY) {
            waiting.poll();
        }
        emit(head, tag, suspended, null);
    }

    private void emit(Request r, byte[] tag, boolean suspended, byte[] error) {
        long now = System.nanoTime();
        long rows = dataRows;
        dataRows = 0;
        long start = Math.max(r.arrivedNanos(), lastDoneNanos);
        lastDoneNanos = now;
        if (r.kind() == Kind.NOT_RECORDED) {
            notRecorded++;
            return;
        }
        if (r.text().bytes().length == 0 && error == null) {
            return; // an empty query: nothing was run
        }
        sink.statement(new FinishedStatement(baseTime.plusNanos(start - baseNanos), now - start, r.text().bytes(),
                r.text().cut(), r.kind() != Kind.QUERY, tag, rows, suspended, error, readies, status));
    }
}
