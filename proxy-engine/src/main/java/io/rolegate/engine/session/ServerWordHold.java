package io.rolegate.engine.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A directory session's server's last words, held back from the client (decision 0037): an ErrorResponse from where
 * it began until it is whole, and when it is FATAL 57P01 until the engine knows whether a revocation's sweep ended
 * the backend ({@link RevocationWords}); or, when the connection ended without a word (a reset, a bare close), no
 * bytes but the same question before the client hears "lost the connection". Then the client reads Rolegate's words for the revocation and the held bytes
 * are dropped, or it reads the server's own words as they came. What happens to the session once the server
 * connection closed waits for that too. Event loop only.
 */
final class ServerWordHold {
    private static final Logger log = LoggerFactory.getLogger(ServerWordHold.class);
    /** How long the engine may take to tell; past it the server's words go to the client as they came. */
    static final Duration VERDICT_LIMIT = Duration.ofSeconds(3);

    private final Session session;
    private final CompositeByteBuf bytes;
    private final List<Runnable> afterwards = new ArrayList<>(1);
    private boolean asked;

    /** Holding {@code first} and what follows; null: nothing to hold (the connection ended without a word). */
    ServerWordHold(Session session, ByteBuf first) {
        this.session = session;
        this.bytes = first == null ? null : first.alloc().compositeBuffer();
        if (first != null) {
            bytes.addComponent(true, first);
        }
    }

    /** Whether bytes are held: the client's stream then stopped where a server message began. */
    boolean holdsBytes() {
        return bytes != null;
    }

    void add(ByteBuf more) {
        if (bytes == null) {
            more.release(); // nothing comes after a connection's end
        } else {
            bytes.addComponent(true, more);
        }
    }

    /** Runs {@code then} once the held words went their way. */
    void afterwards(Runnable then) {
        afterwards.add(then);
    }

    /** Asks, once, whether a revocation ended the backend; {@code decided} hears the answer on the event loop. */
    void ask(Consumer<Optional<String>> decided) {
        if (asked) {
            return;
        }
        asked = true;
        session.context().revocationWords().of(session)
                .orTimeout(VERDICT_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((words, failure) -> {
                    Optional<String> answer = words == null ? Optional.empty() : words;
                    if (failure != null) {
                        log.warn("{}: could not tell whether a revocation ended its backend ({}); the client reads the"
                                + " server's words", session, failure.toString());
                    }
                    try {
                        session.eventLoop().execute(() -> decided.accept(answer));
                    } catch (RejectedExecutionException stopping) {
                        drop();
                    }
                });
    }

    /** The held bytes (null when none), to send on as they came; the hold no longer owns them. */
    ByteBuf release() {
        return bytes;
    }

    /** The held bytes are not sent: the client was told otherwise, or is gone. */
    void drop() {
        if (bytes != null) {
            bytes.release();
        }
    }

    void runAfterwards() {
        afterwards.forEach(Runnable::run);
        afterwards.clear();
    }
}
