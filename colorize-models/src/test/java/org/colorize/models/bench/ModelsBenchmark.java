package org.colorize.models.bench;

import java.util.Arrays;
import org.colorize.models.CifarAutoencoder;
import org.colorize.models.InceptionFusionNet;
import org.colorize.models.LabBetaNet;
import org.colorize.core.layers.OneDnnDeconvolution2DLayer;
import org.colorize.core.nd4j.OneDnnHelpers;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Training and inference throughput of the reference networks, and single-image latency: the CIFAR
 * autoencoder at batch 32, the beta and fusion networks at 256x256 and batch 8 (random inputs: the
 * speed does not depend on the values). Not a unit test; run it alone on a quiet machine:
 *
 * <pre>
 * java -cp (test classpath) org.colorize.models.bench.ModelsBenchmark [cifar|beta|fusion ...]
 * </pre>
 *
 * Each figure is the median of 5 timed rounds after 2 warm-up rounds.
 */
public final class ModelsBenchmark {

    private ModelsBenchmark() {
    }

    /** @param args the networks to measure (default all three) */
    public static void main(String[] args) {
        String[] which = args.length == 0 ? new String[] {"cifar", "beta", "fusion"} : args;
        boolean onednn = OneDnnDeconvolution2DLayer.oneDnnBinary();
        System.out.printf("ND4J binary with oneDNN: %s; DL4J oneDNN helpers engaged: %s; cores: %d%n", onednn,
                OneDnnHelpers.enable(), Runtime.getRuntime().availableProcessors());
        for (String w : which) {
            switch (w) {
                case "cifar" -> run("cifar-autoencoder 32x32", CifarAutoencoder.builder().build().newNetwork(), 32,
                        new long[][] {{1, 32, 32}}, new long[] {3, 32, 32}, 8);
                case "beta" -> run("lab-beta 256x256", LabBetaNet.builder().build().newNetwork(), 8,
                        new long[][] {{1, 256, 256}}, new long[] {2, 256, 256}, 1);
                case "fusion" -> run("inception-fusion 256x256", InceptionFusionNet.builder().build().newNetwork(), 8,
                        new long[][] {{1, 256, 256}, {1000}}, new long[] {2, 256, 256}, 1);
                default -> throw new IllegalArgumentException("unknown network " + w + " (cifar, beta, fusion)");
            }
        }
    }

    private static void run(String name, ComputationGraph net, int batch, long[][] inShapes, long[] outShape, int iters) {
        INDArray[] in = new INDArray[inShapes.length];
        INDArray[] one = new INDArray[inShapes.length];
        for (int i = 0; i < in.length; i++) {
            long[] s = new long[inShapes[i].length + 1];
            s[0] = batch;
            System.arraycopy(inShapes[i], 0, s, 1, inShapes[i].length);
            in[i] = Nd4j.rand(DataType.FLOAT, s);
            one[i] = in[i].get(NDArrayIndex.interval(0, 1)).dup();
        }
        long[] os = new long[outShape.length + 1];
        os[0] = batch;
        System.arraycopy(outShape, 0, os, 1, outShape.length);
        MultiDataSet ds = new MultiDataSet(in, new INDArray[] {Nd4j.rand(DataType.FLOAT, os)});
        double train = median(() -> net.fit(ds), iters) ;
        double infer = median(() -> net.output(in), iters);
        double single = median(() -> net.output(one), iters * 8);
        System.out.printf("%-26s batch %2d: train %7.1f img/s, inference %7.1f img/s, batch-1 %6.1f ms (%6.1f img/s)%n",
                name, batch, batch / train, batch / infer, single * 1e3, 1 / single);
    }

    /** @return the median seconds per call over 5 rounds of {@code iters} calls, after 2 warm-up rounds */
    private static double median(Runnable r, int iters) {
        double[] t = new double[5];
        for (int round = -2; round < t.length; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < iters; i++) {
                r.run();
            }
            if (round >= 0) {
                t[round] = (System.nanoTime() - start) / 1e9 / iters;
            }
        }
        Arrays.sort(t);
        return t[t.length / 2];
    }
}
