package io.rolegate.engine.api.remote;

import io.rolegate.engine.api.ProtocolTraces;
import io.rolegate.engine.api.model.ConsoleIdentity;
import io.rolegate.engine.api.model.TraceLimits;
import io.rolegate.engine.api.model.TraceMessage;
import io.rolegate.engine.api.model.TraceStatus;

import java.io.Writer;
import java.util.List;

/**
 * Protocol traces of a remote engine's sessions, through its auditor routes ({@code /sessions/{id}/trace…}, decision
 * 0031): started, read, stopped and exported in the name of the token sent, which the engine decides and audits.
 */
final class RemoteTraces implements ProtocolTraces {
    private final ApiCalls calls;

    RemoteTraces(ApiCalls calls) {
        this.calls = calls;
    }

    @Override
    public Trace start(long sessionId, TraceLimits limits, ConsoleIdentity who) {
        String path = "/sessions/" + sessionId + "/trace";
        ApiJson.answer(calls.post(path, new ApiInsight.TraceStart(limits.maxDuration().toSeconds(),
                limits.stopAfterMessages() < Long.MAX_VALUE ? limits.stopAfterMessages() : null, limits.keepMessages()),
                who.token()), new ApiJson.JavaTypeRef<TraceStatus>() { });
        return new Trace() {
            @Override
            public long sessionId() {
                return sessionId;
            }

            @Override
            public TraceStatus status(ConsoleIdentity reader) {
                return ApiJson.answer(calls.get(path, reader.token()), new ApiJson.JavaTypeRef<TraceStatus>() { });
            }

            @Override
            public List<TraceMessage> messagesAfter(long afterSeq, ConsoleIdentity reader) {
                return ApiJson.answer(calls.get(path + "/messages?after=" + afterSeq, reader.token()),
                        new ApiJson.JavaTypeRef<ApiInsight.Messages>() { }).messages();
            }

            @Override
            public void stop(ConsoleIdentity stopper) {
                calls.post(path + "/stop", new ApiRoutes.EmptyBody(), stopper.token());
            }

            @Override
            public long export(Writer out, ConsoleIdentity reader) {
                return calls.streamLines(path + "/export", reader.token(), out);
            }
        };
    }
}
