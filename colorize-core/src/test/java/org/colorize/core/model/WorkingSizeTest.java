package org.colorize.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.colorize.core.bundle.BundleFormatException;
import org.colorize.core.bundle.ModelMetadata;
import org.junit.jupiter.api.Test;

/** How adaptive working sizes shrink large images and, with a minSide, enlarge small ones. */
class WorkingSizeTest {

    @Test
    void adaptiveShrinksToMaxSideAndKeepsSmallImagesAsTheyAre() {
        WorkingSize ws = WorkingSize.adaptive(8, 256);
        assertArrayEquals(new int[] {256, 168}, ws.resolve(1024, 672));
        assertArrayEquals(new int[] {32, 32}, ws.resolve(32, 32), "no minSide: a thumbnail stays small");
        assertEquals(0, ws.minSide());
    }

    @Test
    void minSideEnlargesSmallImagesButNeverPastMaxSide() {
        WorkingSize ws = WorkingSize.adaptive(8, 256).withMinSide(128);
        assertArrayEquals(new int[] {128, 128}, ws.resolve(32, 32), "CIFAR-sized input seen at 128x128");
        assertArrayEquals(new int[] {192, 128}, ws.resolve(60, 40));
        assertArrayEquals(new int[] {256, 64}, ws.resolve(400, 100),
                "a long strip stops at maxSide on its longer side");
        assertArrayEquals(new int[] {256, 168}, ws.resolve(1024, 672), "large images shrink as before");
        assertArrayEquals(new int[] {200, 152}, ws.resolve(200, 150), "images already above minSide keep their size");
        assertTrue(ws.enlarges(32, 32) && ws.enlarges(60, 40) && ws.enlarges(200, 100));
        assertTrue(!ws.enlarges(400, 100), "a strip that still shrinks to fit maxSide is not enlarged");
        assertTrue(!ws.enlarges(200, 150), "rounding 150 up to 152 is not enlarging");
        assertTrue(!ws.enlarges(1024, 672) && !ws.enlarges(4000, 100), "shrunk to fit maxSide: not enlarged");
        assertTrue(!WorkingSize.adaptive(8, 256).enlarges(32, 32), "no minSide: never enlarged");
        assertTrue(!WorkingSize.fixed(64, 64).enlarges(32, 32), "a fixed size does not count as enlarging");
    }

    @Test
    void minSideIsCheckedAndStoredInMetadataOnlyWhenSet() throws BundleFormatException {
        assertThrows(IllegalArgumentException.class, () -> WorkingSize.adaptive(8, 64).withMinSide(72));
        assertThrows(IllegalArgumentException.class, () -> WorkingSize.adaptive(8, 64).withMinSide(-1));
        assertThrows(IllegalArgumentException.class, () -> WorkingSize.fixed(32, 32).withMinSide(16));
        ModelMetadata md = ModelMetadata.builder(ModelKind.L_TO_AB, WorkingSize.adaptive(8, 256).withMinSide(128)).build();
        assertTrue(md.toJson().contains("\"minSide\" : 128"), md.toJson());
        assertEquals(128, ModelMetadata.fromJson(md.toJson(), "test").workingSize().minSide());
        ModelMetadata plain = ModelMetadata.builder(ModelKind.L_TO_AB, WorkingSize.adaptive(8, 256)).build();
        assertTrue(!plain.toJson().contains("minSide"), "older readers see the same JSON when minSide is unset");
        assertEquals(0, ModelMetadata.fromJson(plain.toJson(), "test").workingSize().minSide());
        String tooBig = md.toJson().replace("\"minSide\" : 128", "\"minSide\" : 300");
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> ModelMetadata.fromJson(tooBig, "m.zip"));
        assertTrue(e.getMessage().contains("workingSize.minSide"), e.getMessage());
    }
}
