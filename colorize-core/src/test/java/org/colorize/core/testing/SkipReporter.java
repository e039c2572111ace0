package org.colorize.core.testing;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints on the console every test that did not run, with its reason: a line
 * {@code SKIPPED Class.method: reason} for a test that is disabled or whose assumption failed (for
 * example because the real data folder is absent), and one such line for each test of a class whose
 * {@code @BeforeAll} assumption failed. Maven's console shows only counts; this says which and why.
 *
 * <p>Registered for every module's tests through {@code META-INF/services} in the colorize-core test
 * jar. It writes to standard error, which Maven's surefire plugin relays to its console.
 */
public final class SkipReporter implements TestExecutionListener {

    private final PrintStream out;
    private final AtomicInteger skipped = new AtomicInteger();
    private TestPlan plan;

    /** A reporter writing to the standard error stream. */
    public SkipReporter() {
        this(System.err);
    }

    /**
     * A reporter writing to a stream of the caller's choice.
     *
     * @param out where the lines go
     */
    public SkipReporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        skipped.set(0);
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        for (TestIdentifier test : tests(id)) {
            report(test, reason == null || reason.isBlank() ? "disabled" : reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() != TestExecutionResult.Status.ABORTED) {
            return;
        }
        String reason = result.getThrowable().map(Throwable::getMessage).orElse("aborted")
                .replaceFirst("^Assumption failed: ", "");
        if (id.isTest()) {
            report(id, reason);
        } else {
            // Aborted in @BeforeAll: none of its tests ran.
            for (TestIdentifier test : tests(id)) {
                report(test, reason);
            }
        }
    }

    /** @return how many tests this reporter has reported as skipped in the current test plan */
    public int skippedCount() {
        return skipped.get();
    }

    private List<TestIdentifier> tests(TestIdentifier id) {
        List<TestIdentifier> out = new ArrayList<>();
        if (id.isTest() || plan == null) {
            out.add(id);
            return out;
        }
        for (TestIdentifier child : plan.getChildren(id)) {
            out.addAll(tests(child));
        }
        if (out.isEmpty()) {
            out.add(id); // a container whose tests are made at run time (parameterized, dynamic)
        }
        return out;
    }

    private void report(TestIdentifier test, String reason) {
        skipped.incrementAndGet();
        out.println("SKIPPED " + name(test) + ": " + reason);
        out.flush();
    }

    private static String name(TestIdentifier test) {
        Optional<MethodSource> m = test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        if (m.isPresent()) {
            String cls = m.get().getClassName();
            return cls.substring(cls.lastIndexOf('.') + 1) + "." + m.get().getMethodName();
        }
        return test.getDisplayName();
    }
}
