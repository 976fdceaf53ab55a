package dev.brew.e2e.support;

import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the JVM's one {@link Brew} (stack and browser), started by the first test that asks and closed when
 * the test engine finishes.
 */
public final class BrewExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Brew.class);

    static {
        // Auto-waiting assertions: generous, as 2 shared cores run seven processes and a browser.
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Brew.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Brew.class, key -> Brew.start(),
                Brew.class);
    }
}
