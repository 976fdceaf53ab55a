package dev.brew.e2e.support;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Numbered screenshots of the steps, {@code target/screenshots/NN-step.png}, in the order they were taken. A few
 * steps also make the README's pictures, but only when asked: {@code -Dbrew.docs.screenshots=<folder>} (the
 * repository's {@code docs/screenshots}); a normal run writes nothing outside {@code target}.
 */
public final class Screenshots {

    /** Where README pictures go when a run is asked to refresh them. */
    public static final String DOCS_FOLDER_PROPERTY = "brew.docs.screenshots";

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

    /** The README picture {@code name.png} of one part of the page, if this run was asked to make them. */
    public Optional<Path> forDocs(Locator part, String name) {
        String docs = System.getProperty(DOCS_FOLDER_PROPERTY, "");
        if (docs.isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(docs).toAbsolutePath().resolve(name + ".png");
        part.screenshot(new Locator.ScreenshotOptions().setPath(file));
        return Optional.of(file);
    }
}
