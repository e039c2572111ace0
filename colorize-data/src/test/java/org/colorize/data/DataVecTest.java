package org.colorize.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.colorize.core.encoding.AbBinsEncoding;
import org.colorize.core.model.ModelKind;
import org.colorize.core.testing.TestData;
import org.colorize.core.testing.TinyModels;
import org.colorize.data.source.CifarSource;
import org.colorize.data.source.FolderSource;
import org.colorize.data.source.ImageSource;
import org.colorize.data.source.ListSource;
import org.colorize.data.source.SplitSources;
import org.datavec.api.split.FileSplit;
import org.datavec.api.split.InputSplit;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** DataVec integration: splits as sources and back, and a RecordReader that trains our networks. */
class DataVecTest {

    /** Two training steps through DL4J's RecordReaderDataSetIterator equal two through our own iterator. */
    @Test
    void recordReaderDataSetIteratorTrainsExactlyAsOurIterator() throws Exception {
        ImageSource cifar = CifarSource.open(TestData.cifar("data_batch_1.bin")).range(0, 16);
        ColorizationData data = ColorizationData.builder().source(cifar).forModel(TinyModels.lToAb().metadata())
                .size(32, 32).grayInput(true).augment(a -> a.horizontalFlip()).batchSize(8).seed(5).build();
        ComputationGraph ours = (ComputationGraph) TinyModels.lToAb().network();
        ComputationGraph theirs = (ComputationGraph) TinyModels.lToAb().network();
        assertEquals(ours.params(), theirs.params(), "the same initial weights");

        List<DataSet> ourBatches = new ArrayList<>();
        try (ColorizationIterator it = data.iterator()) {
            while (it.hasNext()) {
                ourBatches.add(it.next());
            }
        }
        ColorizationRecordReader reader = new ColorizationRecordReader(data);
        reader.initialize(SplitSources.split(cifar));
        DataSetIterator dv = new RecordReaderDataSetIterator(reader, 8, 1, 1, true);
        List<DataSet> dvBatches = new ArrayList<>();
        while (dv.hasNext()) {
            dvBatches.add(dv.next());
        }
        assertEquals(2, ourBatches.size());
        assertEquals(2, dvBatches.size());
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(new long[] {8, 1, 32, 32}, dvBatches.get(i).getFeatures().shape());
            assertArrayEquals(new long[] {8, 2, 32, 32}, dvBatches.get(i).getLabels().shape());
            assertEquals(ourBatches.get(i).getFeatures(), dvBatches.get(i).getFeatures(), "features of batch " + i);
            assertEquals(ourBatches.get(i).getLabels(), dvBatches.get(i).getLabels(), "labels of batch " + i);
            ours.fit(ourBatches.get(i));
            theirs.fit(dvBatches.get(i));
        }
        assertEquals(ours.params(), theirs.params(), "the same weights after two steps");
        INDArray before = TinyModels.lToAb().network().params();
        assertFalse(before.equals(ours.params()), "training changed the weights");

        // the next epoch: a new shuffle on both sides
        dv.reset();
        DataSet second = dv.next();
        try (ColorizationIterator it = data.iterator()) {
            while (it.hasNext()) {
                it.next();
            }
            it.reset();
            assertEquals(it.next().getFeatures(), second.getFeatures(), "epoch 1 matches too");
        }
    }

    /** Classification labels at the output stride, from generated pictures (never skips). */
    @Test
    void recordsOfTheBinsEncodingAreAtTheOutputStride() throws Exception {
        AbBinsEncoding bins = TinyModels.bins();
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(picture(24, 16, i));
        }
        ImageSource source = ListSource.of(images);
        ColorizationData data = ColorizationData.builder().source(source).encoding(bins).size(16, 16)
                .fit(Fit.CENTER_CROP).shuffle(false).batchSize(5).build();
        ColorizationRecordReader reader = new ColorizationRecordReader(data);
        reader.initialize(SplitSources.split(source));
        DataSet viaDataVec = new RecordReaderDataSetIterator(reader, 5, 1, 1, true).next();
        assertArrayEquals(new long[] {5, bins.labelChannels(), 4, 4}, viaDataVec.getLabels().shape());
        try (ColorizationIterator it = data.iterator()) {
            DataSet ours = it.next();
            assertEquals(ours.getLabels(), viaDataVec.getLabels());
            assertEquals(ours.getFeatures(), viaDataVec.getFeatures());
        }
        float sum = viaDataVec.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(1),
                org.nd4j.linalg.indexing.NDArrayIndex.point(2)).sumNumber().floatValue();
        assertEquals(1f, sum, 1e-5, "soft-encoded labels of a pixel sum to 1");
    }

    /** A FileSplit with its extension filter and seed becomes a source in the split's order; back again as a split. */
    @Test
    void fileSplitIsASourceAndASourceIsASplit(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 4; i++) {
            ImageIO.write(picture(10 + i, 8, i), "png", dir.resolve("p" + i + ".png").toFile());
        }
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        ImageIO.write(picture(9, 9, 9), "bmp", dir.resolve("skip.bmp").toFile());
        InputSplit split = new FileSplit(dir.toFile(), new String[] {"png"}, new Random(42));
        FolderSource source = SplitSources.source(split);
        assertEquals(4, source.size(), "only the allowed extension");
        java.net.URI[] order = split.locations();
        for (int i = 0; i < 4; i++) {
            assertEquals(Path.of(order[i]), source.file(i), "the split's (seeded) order");
            assertEquals(10 + Integer.parseInt(source.file(i).getFileName().toString().substring(1, 2)),
                    source.get(i).image().width());
        }
        SplitSources.SourceSplit back = SplitSources.split(source);
        assertEquals(4, back.length());
        try (InputStream in = back.openInputStreamFor(back.locations()[2].toString())) {
            BufferedImage png = ImageIO.read(in);
            assertEquals(source.get(2).image().width(), png.getWidth());
            assertEquals(source.get(2).image().rgb(3, 4), png.getRGB(3, 4) & 0xffffff);
        }
        assertThrows(UnsupportedOperationException.class, back::addNewLocation);
        assertThrows(IllegalArgumentException.class,
                () -> new ColorizationRecordReader(ColorizationData.builder().source(source).size(8, 8)
                        .encoding(ModelKind.L_EMBEDDING_TO_AB).embedder(null).build()));
        assertTrue(new File(dir.toFile(), "notes.txt").exists());
    }

    private static BufferedImage picture(int w, int h, int seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(Color.HSBtoRGB(seed / 7f, 0.7f, 0.8f)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(Color.HSBtoRGB(seed / 7f + 0.5f, 0.5f, 0.4f)));
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return img;
    }
}
