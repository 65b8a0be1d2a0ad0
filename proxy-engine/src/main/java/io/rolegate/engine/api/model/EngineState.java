package io.rolegate.engine.api.model;

public enum EngineState { NEW, STARTING, RUNNING, STOPPING, STOPPED, FAILED }
