package org.colorize.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.colorize.core.color.Lab;
import org.colorize.core.model.Embedder;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;
import org.colorize.data.augment.Augmentation;
import org.colorize.data.augment.FillMode;
import org.colorize.data.augment.Interpolation;
import org.colorize.data.source.CifarSource;
import org.colorize.data.source.ImageSource;
import org.colorize.data.source.ListSource;
import org.colorize.data.source.RgbImage;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

class ColorizationDataTest {

    private static final Augmentation FULL = Augmentation.of(a -> a.rotation(40).shear(20).zoom(0.4)
            .widthShift(0.1).heightShift(0.1).horizontalFlip());

    private static ImageSource cifar(int n) {
        return CifarSource.open(TestData.cifar()).range(0, n);
    }

    private static ColorizationData.Builder base(ImageSource source) {
        return ColorizationData.builder().source(source).size(32, 32).batchSize(16).workers(2);
    }

    private static float[] floats(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private static List<float[]> epoch(ColorizationIterator it) {
        List<float[]> out = new ArrayList<>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            out.add(floats(ds.getFeatures()));
            out.add(floats(ds.getLabels()));
        }
        return out;
    }

    private static void assertSame(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i), 0f, "array " + i);
        }
    }

    private static boolean differ(List<float[]> a, List<float[]> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return true;
            }
        }
        return a.size() != b.size();
    }

    @Test
    void grayInputFeaturesEqualWhatThePipelineComputesFromAGrayPhoto() {
        ImageSource source = cifar(8);
        ColorizationData data = base(source).encoding(ModelKind.L_TO_AB).lNormalization(LNormalization.SYMMETRIC)
                .grayInput(true).shuffle(false).build();
        try (ColorizationIterator it = data.iterator()) {
            DataSet ds = it.next();
            float[] l = floats(ds.getFeatures());
            for (int k = 0; k < ds.getFeatures().size(0); k++) {
                // The gray photo a user would give: luma rounded to 8 bits, TYPE_BYTE_GRAY.
                RgbImage img = source.get(k).image();
                java.awt.image.BufferedImage gray = new java.awt.image.BufferedImage(32, 32,
                        java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
                for (int p = 0; p < 1024; p++) {
                    int px = img.pixels()[p];
                    float y = Lab.luma(((px >> 16) & 0xff) / 255f, ((px >> 8) & 0xff) / 255f, (px & 0xff) / 255f);
                    gray.getRaster().setSample(p % 32, p / 32, 0, Math.round(y * 255f));
                }
                float[] expected = org.colorize.core.image.DecodedImage.of(gray).lightness();
                for (int p = 0; p < 1024; p++) {
                    assertEquals(expected[p], LNormalization.SYMMETRIC.denormalize(l[k * 1024 + p]), 1e-3f,
                            "image " + k + " pixel " + p);
                }
            }
            // The labels are still the colour picture's ab: not all zero.
            assertTrue(ds.getLabels().amaxNumber().floatValue() > 0.05f);
        }
    }

    @Test
    void labRoundTripGivesBackTheSourceImage() {
        ImageSource source = cifar(40);
        for (LNormalization norm : List.of(LNormalization.RAW, LNormalization.SYMMETRIC)) {
            ColorizationData data = base(source).encoding(ModelKind.L_TO_AB).lNormalization(norm).shuffle(false).build();
            try (ColorizationIterator it = data.iterator()) {
                assertEquals(32 * 32, it.inputColumns());
                assertEquals(2 * 32 * 32, it.totalOutcomes());
                int index = 0;
                float worst = 0;
                while (it.hasNext()) {
                    DataSet ds = it.next();
                    long n = ds.getFeatures().size(0);
                    assertArrayEquals(new long[] {n, 1, 32, 32}, ds.getFeatures().shape());
                    assertArrayEquals(new long[] {n, 2, 32, 32}, ds.getLabels().shape());
                    float[] l = floats(ds.getFeatures()), ab = floats(ds.getLabels());
                    for (int k = 0; k < n; k++, index++) {
                        RgbImage img = source.get(index).image();
                        float[] lab = new float[3], rgb = new float[3];
                        for (int p = 0; p < 1024; p++) {
                            lab[0] = norm.denormalize(l[k * 1024 + p]);
                            lab[1] = ab[k * 2048 + p] * Lab.AB_SCALE;
                            lab[2] = ab[k * 2048 + 1024 + p] * Lab.AB_SCALE;
                            Lab.labToRgb(lab, 0, rgb, 0, 1);
                            int px = img.pixels()[p];
                            worst = Math.max(worst, Math.abs(rgb[0] - ((px >> 16) & 0xff) / 255f));
                            worst = Math.max(worst, Math.abs(rgb[1] - ((px >> 8) & 0xff) / 255f));
                            worst = Math.max(worst, Math.abs(rgb[2] - (px & 0xff) / 255f));
                        }
                    }
                }
                assertEquals(40, index);
                assertTrue(worst < 1f / 255f, "round trip error " + worst * 255 + "/255 with " + norm);
            }
        }
    }

    @Test
    void grayToRgbEncodesLumaAndExactRgb() {
        ImageSource source = cifar(20);
        ColorizationData data = base(source).encoding(ModelKind.GRAY_TO_RGB).grayChannels(3).shuffle(false)
                .batchSize(20).build();
        try (ColorizationIterator it = data.iterator()) {
            assertEquals(3 * 1024, it.inputColumns());
            assertEquals(3 * 1024, it.totalOutcomes());
            DataSet ds = it.next();
            assertFalse(it.hasNext());
            float[] g = floats(ds.getFeatures()), rgb = floats(ds.getLabels());
            for (int k = 0; k < 20; k++) {
                int[] px = source.get(k).image().pixels();
                for (int p = 0; p < 1024; p++) {
                    float r = ((px[p] >> 16) & 0xff) / 255f, gg = ((px[p] >> 8) & 0xff) / 255f, b = (px[p] & 0xff) / 255f;
                    int o = k * 3072 + p;
                    assertEquals(r, rgb[o], 0f);
                    assertEquals(gg, rgb[o + 1024], 0f);
                    assertEquals(b, rgb[o + 2048], 0f);
                    assertEquals(Lab.luma(r, gg, b), g[o], 1e-6f);
                    assertEquals(g[o], g[o + 1024], 0f);
                    assertEquals(g[o], g[o + 2048], 0f);
                }
            }
        }
    }

    @Test
    void batchesShapesAndTheLastPartialBatch() {
        ColorizationData data = base(cifar(70)).batchSize(32).build();
        assertEquals(3, data.batchesPerEpoch());
        try (ColorizationIterator it = data.iterator()) {
            assertEquals(32, it.batch());
            assertTrue(it.resetSupported());
            assertFalse(it.asyncSupported());
            List<Long> sizes = new ArrayList<>();
            while (it.hasNext()) {
                sizes.add(it.next().getFeatures().size(0));
            }
            assertEquals(List.of(32L, 32L, 6L), sizes);
            assertThrows(java.util.NoSuchElementException.class, it::next);
            assertThrows(UnsupportedOperationException.class, () -> it.next(5));
        }
        try (ColorizationIterator it = data.toBuilder().dropLast(true).build().iterator()) {
            int batches = 0;
            while (it.hasNext()) {
                assertEquals(32, it.next().getFeatures().size(0));
                batches++;
            }
            assertEquals(2, batches);
        }
    }

    @Test
    void sameSeedSameEpochsOnAnyThreadsOtherSeedOther() {
        ImageSource source = cifar(48);
        ColorizationData data = base(source).augment(FULL).seed(7).build();
        List<float[]> e0, e1;
        try (ColorizationIterator it = data.iterator()) {
            e0 = epoch(it);
            it.reset();
            assertEquals(1, it.epoch());
            e1 = epoch(it);
        }
        assertTrue(differ(e0, e1), "each epoch has its own shuffle and augmentation");
        try (ColorizationIterator it = data.toBuilder().workers(1).prefetch(1).build().iterator()) {
            it.reset(); // a reset before anything is taken does not start a new epoch
            assertEquals(0, it.epoch());
            assertSame(e0, epoch(it));
            it.reset();
            assertSame(e1, epoch(it));
        }
        try (ColorizationIterator it = data.toBuilder().workers(3).build().iterator()) {
            it.setEpoch(1);
            assertSame(e1, epoch(it));
        }
        try (ColorizationIterator it = data.toBuilder().seed(8).build().iterator()) {
            assertTrue(differ(e0, epoch(it)), "another seed gives other batches");
        }
    }

    @Test
    void resetMidEpochStartsTheNextEpochCleanly() throws InterruptedException {
        ColorizationData data = base(cifar(64)).augment(FULL).seed(3).prefetch(4).build();
        List<float[]> expected;
        try (ColorizationIterator it = data.iterator()) {
            it.setEpoch(1);
            expected = epoch(it);
        }
        ColorizationIterator it = data.iterator();
        it.next();
        it.reset(); // abandons epoch 0 after one batch
        assertEquals(1, it.epoch());
        assertSame(expected, epoch(it));
        it.close();
        assertTrue(it.prefetcher().awaitTermination(5000), "worker threads end on close");
        assertThrows(IllegalStateException.class, it::hasNext);
        long alive = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("colorize-data-") && t.isAlive() && !t.isDaemon()).count();
        assertEquals(0, alive, "worker threads are daemons");
    }

    /** Two colours only, in an asymmetric pattern: any misalignment of L and ab breaks their pairing. */
    private static BufferedImage twoColours(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean red = (x * 3 + y * y) % 7 < 3 || x < 4;
                img.setRGB(x, y, red ? 0xE03020 : 0x2040C0);
            }
        }
        return img;
    }

    @Test
    void inputAndLabelStayAlignedUnderEveryTransform() {
        int w = 40, h = 28;
        ImageSource source = ListSource.of(List.of(twoColours(w, h), twoColours(w, h), twoColours(w, h)));
        float[] red = toFloat(Lab.exactRgbToLab(0xE0 / 255.0, 0x30 / 255.0, 0x20 / 255.0));
        float[] blue = toFloat(Lab.exactRgbToLab(0x20 / 255.0, 0x40 / 255.0, 0xC0 / 255.0));
        List<Consumer<Augmentation.Builder>> transforms = List.of(
                a -> a.rotation(90), a -> a.shear(45), a -> a.zoom(0.5), a -> a.widthShift(0.3),
                a -> a.heightShift(0.3), a -> a.horizontalFlip(), a -> a.verticalFlip(),
                a -> a.rotation(40).shear(20).zoom(0.4).widthShift(0.2).heightShift(0.2).horizontalFlip());
        for (FillMode mode : FillMode.values()) {
            for (Consumer<Augmentation.Builder> t : transforms) {
                Augmentation.Builder ab = Augmentation.builder().fillMode(mode).interpolation(Interpolation.NEAREST)
                        .fillValue(0);
                t.accept(ab);
                Augmentation aug = ab.build();
                ColorizationData data = ColorizationData.builder().source(source).size(w, h).augment(aug)
                        .batchSize(3).workers(1).seed(11).build();
                try (ColorizationIterator it = data.iterator()) {
                    DataSet ds = it.next();
                    float[] l = floats(ds.getFeatures()), abv = floats(ds.getLabels());
                    int hw = w * h;
                    for (int k = 0; k < 3; k++) {
                        for (int p = 0; p < hw; p++) {
                            float lv = l[k * hw + p], a = abv[k * 2 * hw + p] * 128, b = abv[k * 2 * hw + hw + p] * 128;
                            boolean black = mode == FillMode.CONSTANT && lv < 0.01f;
                            float[] c = black ? new float[] {0, 0, 0} : Math.abs(lv - red[0]) < Math.abs(lv - blue[0]) ? red : blue;
                            assertEquals(c[0], lv, 0.02f, aug + " L at " + p);
                            assertEquals(c[1], a, 0.02f, aug + " a at " + p + ": L and ab must come from the same pixel");
                            assertEquals(c[2], b, 0.02f, aug + " b at " + p);
                        }
                    }
                }
            }
        }
        // With bilinear interpolation the gray input is still exactly the luma of the RGB label.
        ColorizationData gray = ColorizationData.builder().source(cifar(16)).encoding(ModelKind.GRAY_TO_RGB)
                .size(32, 32).augment(FULL).batchSize(16).seed(5).build();
        try (ColorizationIterator it = gray.iterator()) {
            DataSet ds = it.next();
            float[] g = floats(ds.getFeatures()), rgb = floats(ds.getLabels());
            for (int k = 0; k < 16; k++) {
                for (int p = 0; p < 1024; p++) {
                    int o = k * 3072 + p;
                    assertEquals(Lab.luma(rgb[o], rgb[o + 1024], rgb[o + 2048]), g[k * 1024 + p], 1e-5f);
                }
            }
        }
    }

    private static float[] toFloat(double[] d) {
        return new float[] {(float) d[0], (float) d[1], (float) d[2]};
    }

    @Test
    void identityAugmentationChangesNothing() {
        ImageSource source = cifar(32);
        Augmentation identity = Augmentation.builder().rotation(0).zoom(0).shear(0).fillMode(FillMode.REFLECT).build();
        ColorizationData plain = base(source).seed(1).build();
        try (ColorizationIterator a = plain.iterator();
                ColorizationIterator b = plain.toBuilder().augment(identity).build().iterator()) {
            assertSame(epoch(a), epoch(b));
        }
    }

    @Test
    void horizontalFlipThroughTheIteratorIsExact() {
        ImageSource source = cifar(32);
        ColorizationData data = base(source).encoding(ModelKind.GRAY_TO_RGB).shuffle(false).batchSize(32)
                .augment(a -> a.horizontalFlip()).build();
        int flipped = 0;
        try (ColorizationIterator it = data.iterator()) {
            float[] rgb = floats(it.next().getLabels());
            for (int k = 0; k < 32; k++) {
                int[] px = source.get(k).image().pixels();
                boolean same = true, mirrored = true;
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        float r = rgb[k * 3072 + y * 32 + x];
                        same &= r == ((px[y * 32 + x] >> 16) & 0xff) / 255f;
                        mirrored &= r == ((px[y * 32 + 31 - x] >> 16) & 0xff) / 255f;
                    }
                }
                assertTrue(same || mirrored, "image " + k + " is either unchanged or exactly mirrored");
                flipped += mirrored && !same ? 1 : 0;
            }
        }
        assertTrue(flipped > 5 && flipped < 27, "about half are mirrored: " + flipped);
    }

    @Test
    void embeddingEncodingFeedsTheEmbedderGrayAtItsSize() {
        List<INDArray> seen = new ArrayList<>();
        Embedder embedder = new Embedder() {
            @Override
            public int inputWidth() {
                return 45;
            }

            @Override
            public int inputHeight() {
                return 40;
            }

            @Override
            public int embeddingSize() {
                return 3;
            }

            @Override
            public synchronized INDArray embed(INDArray rgb) {
                seen.add(rgb.dup());
                return rgb.mean(2, 3); // [N, 3]
            }
        };
        ColorizationData data = base(cifar(20)).encoding(ModelKind.L_EMBEDDING_TO_AB).embedder(embedder)
                .augment(FULL).batchSize(8).build();
        assertThrows(IllegalStateException.class, data::iterator);
        try (ColorizationMultiIterator it = data.multiIterator()) {
            int n = 0;
            while (it.hasNext()) {
                MultiDataSet m = it.next();
                assertEquals(2, m.getFeatures().length);
                long b = m.getFeatures(0).size(0);
                assertArrayEquals(new long[] {b, 1, 32, 32}, m.getFeatures(0).shape());
                assertArrayEquals(new long[] {b, 3}, m.getFeatures(1).shape());
                assertArrayEquals(new long[] {b, 2, 32, 32}, m.getLabels(0).shape());
                n += (int) b;
            }
            assertEquals(20, n);
        }
        assertEquals(3, seen.size());
        INDArray first = seen.get(0);
        assertArrayEquals(new long[] {8, 3, 40, 45}, first.shape());
        assertEquals(first.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0)),
                first.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(2)));
    }

    @Test
    void photoFolderAtTheNetworkSize() {
        ColorizationData data = ColorizationData.builder().folder(TestData.dir().resolve("photos/skimage"))
                .size(64, 48).fit(Fit.RANDOM_CROP).augment(FULL).batchSize(3).seed(2).build();
        List<float[]> a, b;
        try (ColorizationIterator it = data.iterator()) {
            a = epoch(it);
        }
        try (ColorizationIterator it = data.iterator()) {
            b = epoch(it);
        }
        assertEquals(4, a.size(), "4 images in batches of 3: 2 batches, features and labels each");
        assertSame(a, b);
        for (Fit fit : Fit.values()) {
            try (ColorizationIterator it = data.toBuilder().fit(fit).augment(Augmentation.NONE).build().iterator()) {
                DataSet ds = it.next();
                assertArrayEquals(new long[] {3, 2, 48, 64}, ds.getLabels().shape());
                assertNotNull(ds.getFeatures());
            }
        }
    }

    @Test
    void trainsADl4jNetworkForSeveralEpochs() {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = AlphaLikeNetwork.create(32, 32);
        assertEquals(32_202, net.numParams(), "the alpha network's parameter count");
        ColorizationData data = base(cifar(16)).augment(FULL).batchSize(8).build();
        try (ColorizationIterator it = data.iterator()) {
            net.fit(it, 3);
            assertEquals(2, it.epoch(), "DL4J's reset() between epochs starts epochs 1 and 2");
            assertEquals(3, net.getEpochCount());
            assertTrue(Double.isFinite(net.score()));
        }
    }

    @Test
    void invalidOptionsFailInBuildNamingOptionAndValue() {
        ImageSource s = cifar(4);
        assertMessage(() -> ColorizationData.builder().source(s).size(32, 32).batchSize(0).build(), "batchSize", "0");
        assertMessage(() -> ColorizationData.builder().source(s).build(), "size", "required");
        assertMessage(() -> ColorizationData.builder().source(s).size(-2, 5).build(), "size", "-2x5");
        assertMessage(() -> ColorizationData.builder().size(32, 32).build(), "source", "required");
        assertMessage(() -> ColorizationData.builder().source(s).size(32, 32).workers(0).build(), "workers", "0");
        assertMessage(() -> ColorizationData.builder().source(s).size(32, 32).prefetch(0).build(), "prefetch", "0");
        assertMessage(() -> ColorizationData.builder().source(s).size(32, 32).grayChannels(2).build(), "grayChannels", "2");
        assertMessage(() -> ColorizationData.builder().source(s).size(32, 32).grayChannels(3).build(), "grayChannels", "L_TO_AB");
        assertMessage(() -> ColorizationData.builder().source(s).size(32, 32).encoding(ModelKind.L_EMBEDDING_TO_AB).build(),
                "embedder", "required");
        assertMessage(() -> ColorizationData.builder().source(s).size(32, 32).abScale(0).build(), "abScale", "0.0");
        assertMessage(() -> ColorizationData.builder().source(s).size(32, 32).augment(a -> a.zoom(2)).build(), "zoom", "-1.0");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String option, String value) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(option) && x.getMessage().contains(value), x.getMessage());
    }
}
