package dev.brew.system.support;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives Jupiter tests the JVM's one {@link Brew} stack, kept in the root store so every class shares it. The stack
 * outlives the Jupiter engine (jqwik's properties use it too), so closing it is {@link StackSessionListener}'s job.
 */
public final class BrewStackExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Brew.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        brew(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Brew.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return brew(context);
    }

    private static Brew brew(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Brew.class, key -> SharedStack.get(),
                Brew.class);
    }
}
