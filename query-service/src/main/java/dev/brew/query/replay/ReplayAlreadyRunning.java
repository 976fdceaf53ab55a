package dev.brew.query.replay;

/** A replay was requested while another one runs: only one view can be rebuilt at a time. */
public class ReplayAlreadyRunning extends RuntimeException {

    private final String runningId;

    public ReplayAlreadyRunning(String runningId) {
        super("Replay " + runningId + " is still running");
        this.runningId = runningId;
    }

    public String runningId() {
        return runningId;
    }
}
