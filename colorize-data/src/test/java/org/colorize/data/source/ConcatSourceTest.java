package org.colorize.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.List;
import org.colorize.core.image.SyntheticImages;
import org.junit.jupiter.api.Test;

/** {@link ImageSource#concat}: pictures of several sources in order, empty parts skipped. */
class ConcatSourceTest {

    @Test
    void picturesComeInOrderFromEachPartAndEmptyPartsAreSkipped() {
        List<BufferedImage> a = List.of(SyntheticImages.photoLike(20, 10, 1), SyntheticImages.photoLike(12, 12, 2));
        List<BufferedImage> b = List.of(SyntheticImages.photoLike(8, 16, 3));
        ImageSource sa = ListSource.of(a), sb = ListSource.of(b), empty = ListSource.of(List.of());
        ImageSource all = ImageSource.concat(empty, sa, empty, sb);
        assertEquals(3, all.size());
        assertArrayEquals(sa.get(0).image().pixels(), all.get(0).image().pixels());
        assertArrayEquals(sa.get(1).image().pixels(), all.get(1).image().pixels());
        assertArrayEquals(sb.get(0).image().pixels(), all.get(2).image().pixels());
        assertEquals(sb.origin(0), all.origin(2));
        assertThrows(IndexOutOfBoundsException.class, () -> all.get(3));
        assertThrows(IndexOutOfBoundsException.class, () -> all.get(-1));
        assertThrows(IllegalArgumentException.class, ImageSource::concat);
        assertEquals(2, ImageSource.concat(sa).subset(1, 0).size());
    }
}
