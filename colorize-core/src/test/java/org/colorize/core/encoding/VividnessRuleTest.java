package org.colorize.core.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.colorize.core.ColorizationPipeline;
import org.colorize.core.Colorizer;
import org.colorize.core.testing.TinyModels;
import org.junit.jupiter.api.Test;

/** One vividness rule, [0, 4], in every library entry point, the message naming the option. */
class VividnessRuleTest {

    private static final float[] BAD = {4.5f, Float.NaN, -0.1f, Float.POSITIVE_INFINITY};

    private static void refusesEveryBadValue(String option, Consumer<Float> entry) {
        for (float v : BAD) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> entry.accept(v), "" + v);
            assertTrue(e.getMessage().startsWith(option + " must be a number in [0, 4]"), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(v)), e.getMessage());
        }
    }

    @Test
    void theRuleAcceptsItsBoundsAndNamesTheOption() {
        assertEquals(4f, Encoding.MAX_VIVIDNESS);
        assertEquals(0f, Encoding.checkVividness(0f));
        assertEquals(4f, Encoding.checkVividness(4f));
        assertEquals(1.5f, Encoding.checkVividness(1.5f, "--vividness"));
        refusesEveryBadValue("vividness", Encoding::checkVividness);
        refusesEveryBadValue("--vividness", v -> Encoding.checkVividness(v, "--vividness"));
    }

    @Test
    void builderPipelineAndDecodeRefuseTheSameValues() throws Exception {
        refusesEveryBadValue("vividness", v -> Colorizer.builder().vividness(v));
        try (ColorizationPipeline p = ColorizationPipeline.of(TinyModels.lToAb(), 2)) {
            refusesEveryBadValue("vividness", p::withVividness);
            assertEquals(p.withVividness(4f).getClass(), p.getClass(), "4 itself is allowed");
        }
        Encoding enc = TinyModels.bins();
        refusesEveryBadValue("vividness", v -> enc.decode(new float[enc.labelChannels()], 0, 1, 1, v));
    }
}
