package io.rolegate.engine.session;

import java.util.concurrent.CompletionStage;

/**
 * Takes a client's CancelRequest whose key another node of the fleet issued (decision 0028) to that node, which
 * checks the secret key and cancels. Never blocks the calling event loop; completes when the issuing node answered or
 * the wait ran out, with whether a query was cancelled.
 */
public interface RemoteCancels {
    CompletionStage<Boolean> forward(int pid, byte[] secretKey, String clientAddress);
}
