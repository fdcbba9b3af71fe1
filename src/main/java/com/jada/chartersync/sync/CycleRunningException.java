package com.jada.chartersync.sync;

/** Another cycle is running; the caller is told at once instead of waiting behind it. */
public class CycleRunningException extends RuntimeException {
    private final String runningCycleId;

    public CycleRunningException(String runningCycleId) {
        super("a sync cycle is already running" + (runningCycleId == null ? "" : " (" + runningCycleId + ")")
                + "; it will pick up the latest calendar state");
        this.runningCycleId = runningCycleId;
    }

    public String runningCycleId() {
        return runningCycleId;
    }
}
