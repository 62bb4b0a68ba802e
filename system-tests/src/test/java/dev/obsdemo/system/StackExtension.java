package dev.obsdemo.system;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The local stack's test instance (scripts/stack.sh up with STACK_INSTANCE=test, {@link ObservedStack}) for
 * every test class that needs it, started once for the whole test run and stopped when the run ends: the
 * end-to-end classes share one stack instead of starting three. It refuses to start while {@code make demo}
 * runs, and stopping it never touches the demo.
 */
public final class StackExtension implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunningStack.class, key -> new RunningStack(), RunningStack.class);
    }

    /** Stopped by JUnit when the root context closes, after the last test class. */
    private static final class RunningStack implements ExtensionContext.Store.CloseableResource {

        private final ObservedStack stack = new ObservedStack();

        RunningStack() {
            stack.down(); // whatever an interrupted run of the tests left behind
            stack.up();
        }

        @Override
        public void close() {
            stack.down();
        }
    }
}
