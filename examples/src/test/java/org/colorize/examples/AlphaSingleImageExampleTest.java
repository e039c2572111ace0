package org.colorize.examples;

import static org.colorize.examples.ExampleAssertions.assertGray;
import static org.colorize.examples.ExampleAssertions.png;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.testing.TestData;
import org.colorize.models.LabAlphaNet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alpha example on the tutorial's own 400x400 photo, a few steps instead of 1,000. */
class AlphaSingleImageExampleTest {

    @Test
    void learnsTheOnePhotoAndWritesResultAndGrayAt400x400(@TempDir Path out) throws Exception {
        Path photo = TestData.photo("unsplash/woman.png");
        int steps = 6;

        AlphaSingleImageExample.Result r = AlphaSingleImageExample.run(photo, out, steps);

        List<Double> losses = r.losses();
        assertEquals(steps, losses.size(), "one loss per epoch");
        losses.forEach(l -> assertTrue(Double.isFinite(l) && l > 0, "loss " + l));
        double first = losses.get(0), last = losses.get(steps - 1);
        assertTrue(last < first, "the loss after " + steps + " steps (" + last + ") is below the first (" + first + ")");

        png(r.result(), 400, 400);
        assertGray(png(r.gray(), 400, 400), "img_gray.png");
        ModelBundle bundle = ModelBundle.load(r.bundle());
        assertEquals(LabAlphaNet.ID, bundle.metadata().architecture());
        assertEquals(out.resolve("img_result.png"), r.result());
        assertEquals(out.resolve("img_gray.png"), r.gray());
    }
}
