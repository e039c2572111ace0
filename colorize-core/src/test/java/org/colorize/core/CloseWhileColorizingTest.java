package org.colorize.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.RepeatedTest;

/**
 * {@link ColorizationPipeline#close()} while other threads colorize: calls in flight finish with a
 * result, later calls fail with {@link IllegalStateException}, and no forward pass runs on freed
 * memory (which ND4J reports as other exceptions, e.g. "Unable to wrap closed buffer").
 */
class CloseWhileColorizingTest {

    @RepeatedTest(3)
    void closeWaitsForCallsInFlightAndLaterCallsFailCleanly() throws Exception {
        ModelBundle bundle = TinyModels.lToAb();
        ColorizationPipeline pipeline = ColorizationPipeline.of(bundle, 4);
        BufferedImage img = new BufferedImage(120, 90, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 90; y++) {
            for (int x = 0; x < 120; x++) {
                img.getRaster().setSample(x, y, 0, (x * 2 + y) & 0xff);
            }
        }
        int threads = 4;
        CountDownLatch eachDoneOnce = new CountDownLatch(threads);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> closedMessages = new ConcurrentLinkedQueue<>();
        AtomicInteger results = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                boolean counted = false;
                try {
                    while (true) {
                        BufferedImage out = pipeline.colorizeAll(List.of(img, img)).get(1);
                        if (out.getWidth() != 120 || out.getHeight() != 90) {
                            throw new AssertionError("wrong size " + out.getWidth() + "x" + out.getHeight());
                        }
                        results.incrementAndGet();
                        if (!counted) {
                            counted = true;
                            eachDoneOnce.countDown();
                        }
                    }
                } catch (IllegalStateException e) {
                    if (e.getMessage() != null && e.getMessage().contains("closed")) {
                        closedMessages.add(e.getMessage());
                    } else {
                        unexpected.add(e);
                    }
                } catch (Throwable e) {
                    unexpected.add(e);
                }
            }, "colorize-" + t);
            w.start();
            workers.add(w);
        }
        assertTrue(eachDoneOnce.await(120, TimeUnit.SECONDS), "every worker colorized at least once");
        pipeline.close();
        int atClose = results.get();
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!w.isAlive(), w.getName() + " ended after close");
        }
        if (!unexpected.isEmpty()) {
            AssertionError e = new AssertionError("threads failed with other exceptions than 'closed': " + unexpected);
            unexpected.forEach(e::addSuppressed);
            throw e;
        }
        assertEquals(threads, closedMessages.size(), "every worker ended with IllegalStateException(closed)");
        // Calls in flight at close() were allowed to finish; none started after close() returned.
        assertTrue(results.get() >= atClose && results.get() <= atClose + threads, results.get() + " vs " + atClose);
        IllegalStateException later = assertThrows(IllegalStateException.class, () -> pipeline.colorize(img));
        assertTrue(later.getMessage().contains("closed"), later.getMessage());
        pipeline.close(); // idempotent
    }
}
