package io.rolegate.engine.telemetry;

/** Traffic direction as seen from the client: IN is what the client sent, OUT is what it received. */
public enum Direction { IN, OUT }
