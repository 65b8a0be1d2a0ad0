package io.rolegate.engine.api;

public enum EngineState { NEW, STARTING, RUNNING, STOPPING, STOPPED, FAILED }
