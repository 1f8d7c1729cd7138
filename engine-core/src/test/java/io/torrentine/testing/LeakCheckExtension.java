package io.torrentine.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when a Netty buffer leaked during it (GUIDE.md: a leak fails the build).
 *
 * <p>Registered for every test of every module through
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} in engine-core's test-jar,
 * which each module has on its test class path; the parent pom turns on
 * {@code junit.jupiter.extensions.autodetection.enabled}. After each test that allocated a
 * tracked resource it runs {@link LeakCheck}; after each test class it always does, which also
 * catches buffers that a test instance or a class-level fixture kept reachable until then.
 */
public final class LeakCheckExtension implements AfterEachCallback, AfterAllCallback {

    /** Created by JUnit's service loading, before any test runs. */
    public LeakCheckExtension() {
        LeakCheck.configureIfUnset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String test = context.getTestClass().map(c -> c.getSimpleName() + " > ").orElse("")
                + context.getDisplayName();
        LeakCheck.assertNoLeaks("after test " + test, false);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LeakCheck.assertNoLeaks("after the tests of " + context.getDisplayName(), true);
    }
}
