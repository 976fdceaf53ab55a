package dev.brew.e2e.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.brew.stack.LocalStack;
import dev.brew.stack.Part;
import dev.brew.testing.Directories;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import dev.brew.e2e.DrinkOptionsJourneyTest;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The whole of Brew and a browser, once per test JVM: the local stack (each part a real process) on free ports with
 * a fresh data folder under {@code target/}, and Debian's Chromium driven by Playwright. Closed when the test engine
 * finishes (JUnit's root store), Chromium first, then the stack.
 *
 * <p>The services run from copies of their jars, taken at start: a module rebuilt by someone else meanwhile must
 * not change the classes under a running process.
 */
public final class Brew implements ExtensionContext.Store.CloseableResource {

    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final List<String> SERVICE_MODULES = List.of("member-service", "command-service", "query-service",
            "loyalty-service", "api-gateway");
    private static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");

    /** Set: test a stack that already runs there (./run-local) instead of starting one; see README. */
    static final String EXTERNAL_URL = "brew.e2e.url";
    static final String EXTERNAL_CREDENTIALS = "brew.e2e.credentials";

    private final LocalStack stack;
    private final String url;
    private final Properties credentials;
    private final Playwright playwright;
    private final Browser browser;
    private final Screenshots screenshots;

    private Brew(LocalStack stack, String url, Properties credentials, Playwright playwright, Browser browser) {
        this.stack = stack;
        this.url = url;
        this.credentials = credentials;
        this.playwright = playwright;
        this.browser = browser;
        this.screenshots = new Screenshots(Path.of("target", "screenshots"));
    }

    static Brew start() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("The browser tests drive Debian's Chromium at " + CHROMIUM
                    + ", which is missing: install it with `apt-get update && apt-get install -y chromium`.");
        }
        String external = System.getProperty(EXTERNAL_URL);
        if (external != null && !external.isBlank()) {
            return withBrowser(null, external.replaceAll("/+$", ""), externalCredentials());
        }
        Path repository = repository();
        Path work = Path.of("target", "e2e-stack").toAbsolutePath();
        Directories.delete(work);
        Path services = copyServiceJars(repository, work.resolve("services"));
        Instant begin = Instant.now();
        // The gateway serves the UI straight from the working tree, so the tests see the pages as they are.
        LocalStack stack = new LocalStack(services, work.resolve("data"), LocalStack.Ports.free(),
                Map.of("BREW_UI_DIR", repository.resolve("ui").toUri().toString(),
                        // An order nobody accepts expires after this long here (10 minutes by default), so the
                        // expiry journey sees it; the other journeys accept their orders well within it.
                        "BREW_ORDER_ACCEPT_TIMEOUT", DrinkOptionsJourneyTest.ACCEPT_TIMEOUT_SECONDS + "s",
                        "BREW_DEADLINE_POLLING_INTERVAL", "1s"));
        try {
            stack.start();
            System.out.printf("Brew stack up in %d s at %s%n", Duration.between(begin, Instant.now()).toSeconds(),
                    stack.url());
            Properties credentials = new Properties();
            credentials.setProperty("barista.password", stack.baristaPassword());
            credentials.setProperty("operator.password", stack.operatorPassword());
            return withBrowser(stack, stack.url(), credentials);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private static Brew withBrowser(LocalStack stack, String url, Properties credentials) {
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(CHROMIUM_ARGS));
            return new Brew(stack, url, credentials, playwright, browser);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** The demo credentials of a running stack: its {@code credentials.properties}. */
    private static Properties externalCredentials() {
        String file = System.getProperty(EXTERNAL_CREDENTIALS, ".brew-data/credentials.properties");
        Path path = Path.of(file).isAbsolute() ? Path.of(file) : repository().resolve(file);
        Properties properties = new Properties();
        try (var in = Files.newInputStream(path)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the stack's demo credentials at " + path + " (set -D"
                    + EXTERNAL_CREDENTIALS + ")", e);
        }
        return properties;
    }

    /** The repository root: Maven passes it; from an IDE, the nearest folder above with {@code ui/} and mvnw. */
    private static Path repository() {
        String configured = System.getProperty("brew.repository");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("ui")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the repository root; set -Dbrew.repository");
    }

    /** Copies each service's Boot jar to where {@link LocalStack} looks for it ({@code <module>/target/}). */
    private static Path copyServiceJars(Path repository, Path into) {
        try {
            for (String module : SERVICE_MODULES) {
                String name = module + "-0.1.0-SNAPSHOT.jar";
                Path jar = repository.resolve(module).resolve("target").resolve(name);
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException("Missing " + jar + ": build the services first (./mvnw install "
                            + "-DskipTests, or run this module from the reactor)");
                }
                Path target = Files.createDirectories(into.resolve(module).resolve("target"));
                Files.copy(jar, target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    public String url(String path) {
        return url + path;
    }

    public String baristaPassword() {
        return credentials.getProperty("barista.password");
    }

    public String operatorPassword() {
        return credentials.getProperty("operator.password");
    }

    /** Whether this run started the stack itself, and so may stop and start its parts. */
    public boolean ownsStack() {
        return stack != null;
    }

    public void stop(Part part) {
        stack.stop(part);
    }

    public void start(Part part) {
        stack.start(part);
    }

    public Screenshots screenshots() {
        return screenshots;
    }

    /** A fresh browser profile (its own cookies and storage), like another person's phone or another screen. */
    public BrowserContext newContext(int width, int height) {
        return browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(width, height)
                .setLocale("ko-KR")
                .setTimezoneId("Asia/Seoul"));
    }

    public BrowserContext phone() {
        return newContext(390, 844);
    }

    public BrowserContext counterScreen() {
        return newContext(1280, 800);
    }

    /** Opens a page of the UI, failing the test on any script error or CSP violation it reports. */
    public Page open(BrowserContext context, String path) {
        Page page = context.newPage();
        PageErrors.watch(page);
        page.navigate(url(path));
        return page;
    }

    @Override
    public void close() {
        try {
            browser.close();
            playwright.close();
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }
}
