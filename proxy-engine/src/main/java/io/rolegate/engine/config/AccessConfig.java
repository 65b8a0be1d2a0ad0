package io.rolegate.engine.config;

import io.rolegate.engine.api.model.Mapping;
import io.rolegate.engine.policy.PolicyRules;

import java.util.List;

/**
 * Who gets which roles: {@code mappings} from directory groups to PostgreSQL roles (a user gets the union over all
 * groups they belong to, nested ones included), {@code policies} that may deny before or after them, and which
 * sessions have their statements captured in the audit ({@code policies.captureQueries}) or recorded one by one
 * with their outcome ({@code policies.record}).
 */
public record AccessConfig(List<Mapping> mappings, PolicyRules policies, QueryCaptureConfig queryCapture,
                           RecordingConfig recording) {
    public AccessConfig {
        mappings = List.copyOf(mappings);
        queryCapture = queryCapture == null ? QueryCaptureConfig.off() : queryCapture;
        recording = recording == null ? RecordingConfig.off() : recording;
    }

    public AccessConfig(List<Mapping> mappings, PolicyRules policies, QueryCaptureConfig queryCapture) {
        this(mappings, policies, queryCapture, RecordingConfig.off());
    }

    public AccessConfig(List<Mapping> mappings, PolicyRules policies) {
        this(mappings, policies, QueryCaptureConfig.off());
    }

    public static AccessConfig none() {
        return new AccessConfig(List.of(), PolicyRules.none());
    }

    public AccessConfig withMappings(List<Mapping> m) {
        return new AccessConfig(m, policies, queryCapture, recording);
    }

    public AccessConfig withPolicies(PolicyRules p) {
        return new AccessConfig(mappings, p, queryCapture, recording);
    }

    public AccessConfig withQueryCapture(QueryCaptureConfig q) {
        return new AccessConfig(mappings, policies, q, recording);
    }

    public AccessConfig withRecording(RecordingConfig r) {
        return new AccessConfig(mappings, policies, queryCapture, r);
    }
}
