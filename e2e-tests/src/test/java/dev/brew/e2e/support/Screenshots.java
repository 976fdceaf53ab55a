package dev.brew.e2e.support;

import com.microsoft.playwright.Page;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Numbered screenshots of the steps, {@code target/screenshots/NN-step.png}, in the order they were taken. */
public final class Screenshots {

    private final Path folder;
    private final AtomicInteger counter = new AtomicInteger();

    Screenshots(Path folder) {
        this.folder = folder.toAbsolutePath();
    }

    public Path take(Page page, String step) {
        Path file = folder.resolve(String.format("%02d-%s.png", counter.incrementAndGet(), step));
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }
}
