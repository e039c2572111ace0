package org.colorize.data;

import java.nio.file.Path;
import org.colorize.core.model.ModelKind;
import org.colorize.data.augment.Augmentation;
import org.colorize.data.source.CifarSource;
import org.colorize.data.source.FolderSource;
import org.colorize.data.source.ImageSource;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Throughput of the data iterators, in images per second, consuming batches as fast as possible (no
 * network). Not a unit test: run it by hand, when nothing else loads the machine:
 *
 * <pre>
 * java -cp colorize-data/target/classes:colorize-data/target/test-classes:$(cat cp.txt) \
 *     -Dcolorize.data.dir=../shared/data org.colorize.data.DataBenchmark
 * </pre>
 */
public final class DataBenchmark {

    private DataBenchmark() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(System.getProperty("colorize.data.dir", "../shared/data"));
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("cores=%d, java=%s%n", cores, System.getProperty("java.version"));
        ImageSource cifar = CifarSource.open(dir.resolve("cifar-10/data_batch_1.bin"), dir.resolve("cifar-10/data_batch_2.bin"));
        Augmentation full = Augmentation.of(a -> a.rotation(20).shear(0.2).zoom(0.2).widthShift(0.1).heightShift(0.1)
                .horizontalFlip());
        for (ModelKind kind : new ModelKind[] {ModelKind.L_TO_AB, ModelKind.GRAY_TO_RGB}) {
            for (int workers : new int[] {1, 2}) {
                ColorizationData data = ColorizationData.builder().source(cifar).encoding(kind).size(32, 32)
                        .augment(full).batchSize(32).seed(7).workers(workers).build();
                run("CIFAR " + kind + " 32x32, full augmentation, batch 32, workers " + workers, data, 3);
            }
        }
        ColorizationData none = ColorizationData.builder().source(cifar).size(32, 32).batchSize(32).workers(2).build();
        run("CIFAR L_TO_AB 32x32, no augmentation, batch 32, workers 2", none, 3);

        train("training alpha-like net (32,202 params) on CIFAR L_TO_AB 32x32, full augmentation, batch 32, workers 1",
                ColorizationData.builder().source(cifar.range(0, 640)).size(32, 32).augment(full).batchSize(32)
                        .workers(1).build());

        FolderSource photos = FolderSource.open(dir.resolve("photos"));
        Augmentation beta = Augmentation.of(a -> a.rotation(20).shear(0.2).zoom(0.2).horizontalFlip());
        for (int workers : new int[] {1, 2}) {
            ColorizationData data = ColorizationData.builder().source(photos).encoding(ModelKind.L_TO_AB)
                    .size(256, 256).augment(beta).batchSize(16).seed(7).workers(workers).build();
            run("photos (" + photos.size() + ", up to 768x512) L_TO_AB 256x256, beta augmentation, batch 16, workers "
                    + workers, data, 10);
        }
        train("training alpha-like net on 16 photos L_TO_AB 256x256, beta augmentation, batch 16, workers 1",
                ColorizationData.builder().source(photos.range(0, 16)).size(256, 256).augment(beta).batchSize(16)
                        .workers(1).build());
    }

    /** Trains the alpha-like network on the iterator: the share of training time spent waiting for data. */
    private static void train(String name, ColorizationData data) {
        org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = AlphaLikeNetwork.create(data.width(), data.height());
        try (ColorizationIterator it = data.iterator()) {
            net.fit(it); // warm-up epoch
            long w0 = it.waitTime().toNanos();
            long t0 = System.nanoTime();
            net.fit(it);
            double s = (System.nanoTime() - t0) / 1e9;
            double waited = (it.waitTime().toNanos() - w0) / 1e9;
            System.out.printf("%-100s %9.0f images/s trained; waited for data %.3f s of %.2f s (%.1f%%)%n", name,
                    data.numExamples() / s, waited, s, 100 * waited / s);
        }
    }

    private static void run(String name, ColorizationData data, int epochs) {
        try (ColorizationIterator it = data.iterator()) {
            consume(it); // warm-up epoch: JIT, page cache
            long t0 = System.nanoTime();
            long images = 0;
            for (int e = 0; e < epochs; e++) {
                it.reset();
                images += consume(it);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%-100s %9.0f images/s (%d images in %.2f s)%n", name, images / s, images, s);
        }
    }

    private static long consume(ColorizationIterator it) {
        long n = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            n += ds.getFeatures().size(0);
        }
        return n;
    }
}
