package dev.brew.system.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the shared stack once every test engine of the session (Jupiter and jqwik) is done with it. */
public final class StackSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        SharedStack.close();
    }
}
