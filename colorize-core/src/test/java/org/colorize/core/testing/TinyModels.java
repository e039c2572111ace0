package org.colorize.core.testing;

import org.colorize.core.bundle.EmbedderSpec;
import org.colorize.core.bundle.ModelBundle;
import org.colorize.core.bundle.ModelMetadata;
import org.colorize.core.encoding.AbBinsEncoding;
import org.colorize.core.encoding.AbHistogram;
import org.colorize.core.model.LNormalization;
import org.colorize.core.model.ModelKind;
import org.colorize.core.model.WorkingSize;
import org.colorize.core.nd4j.OneDnnHelpers;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.misc.RepeatVector;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Tiny untrained networks of every {@link ModelKind}, as bundles, for tests of the pipeline and of
 * anything that takes a bundle. Weights are random (seeded), so colours are arbitrary but
 * deterministic.
 */
public final class TinyModels {

    private TinyModels() {
    }

    static {
        // As the library's builders and bundle loading do: layers choose their oneDNN helper when they
        // are created, so a network built before this call would take another numeric path than the
        // same network restored from a bundle.
        OneDnnHelpers.enable();
    }

    private static ConvolutionLayer conv(int nOut, int stride, Activation act) {
        return new ConvolutionLayer.Builder(3, 3).nOut(nOut).stride(stride, stride)
                .convolutionMode(ConvolutionMode.Same).activation(act).build();
    }

    /** GRAY_TO_RGB, a MultiLayerNetwork with a fixed 32x32 working size. */
    public static ModelBundle grayToRgb() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11)
                .weightInit(WeightInit.XAVIER_UNIFORM).updater(new Adam(1e-3)).list()
                .layer(conv(4, 2, Activation.RELU))
                .layer(new Upsampling2D.Builder(2).build())
                .layer(conv(3, 1, Activation.SIGMOID))
                .layer(new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(32, 32, 1)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return ModelBundle.of(net, ModelMetadata.builder(ModelKind.GRAY_TO_RGB, WorkingSize.fixed(32, 32))
                .architecture("tiny-gray-to-rgb").provenance("trainingData", "none (random weights)").build());
    }

    /** L_TO_AB, a fully convolutional ComputationGraph with an adaptive working size (multiple 4, max 64). */
    public static ModelBundle lToAb() {
        var conf = new NeuralNetConfiguration.Builder().seed(12).weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(new Adam(1e-3)).graphBuilder()
                .addInputs("L").setInputTypes(InputType.convolutional(64, 64, 1))
                .addLayer("c1", conv(4, 2, Activation.RELU), "L")
                .addLayer("up", new Upsampling2D.Builder(2).build(), "c1")
                .addLayer("c2", conv(2, 1, Activation.TANH), "up")
                .addLayer("out", new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(), "c2")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return ModelBundle.of(net, ModelMetadata.builder(ModelKind.L_TO_AB, WorkingSize.adaptive(4, 64))
                .architecture("tiny-l-to-ab").lNormalization(LNormalization.SYMMETRIC).build());
    }

    /**
     * Bins of every ab cell within 60 units of gray on a 10-unit grid (about 110 bins), with more
     * weight near gray, as a histogram of real photos has.
     */
    public static AbBinsEncoding bins() {
        AbHistogram h = new AbHistogram(10);
        for (int a = -60; a <= 60; a += 10) {
            for (int b = -60; b <= 60; b += 10) {
                if (a * a + b * b <= 3600) {
                    int n = 1 + (int) (100 / (1 + Math.hypot(a, b)));
                    for (int i = 0; i < n; i++) {
                        h.addAb(a, b);
                    }
                }
            }
        }
        return AbBinsEncoding.builder(h).outputStride(4).build();
    }

    /** L_TO_AB_BINS: a softmax over {@link #bins()} at a quarter of the input's resolution, adaptive (multiple 4, max 64). */
    public static ModelBundle lToAbBins() {
        return lToAbBins(WorkingSize.adaptive(4, 64), bins());
    }

    /**
     * As {@link #lToAbBins()}, with another working size and decoding of the same bins.
     *
     * @param workingSize adaptive, multiple of 4
     * @param bins {@link #bins()} or a {@link AbBinsEncoding#withDecoding(float, float) recalibration} of it
     * @return the bundle
     */
    public static ModelBundle lToAbBins(WorkingSize workingSize, AbBinsEncoding bins) {
        var conf = new NeuralNetConfiguration.Builder().seed(14).weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(new Adam(1e-3)).graphBuilder()
                .addInputs("L").setInputTypes(InputType.convolutional(64, 64, 1))
                .addLayer("c1", conv(8, 2, Activation.RELU), "L")
                .addLayer("c2", conv(8, 2, Activation.RELU), "c1")
                .addLayer("logits", new ConvolutionLayer.Builder(1, 1).nOut(bins.labelChannels())
                        .activation(Activation.IDENTITY).build(), "c2")
                .addLayer("out", new CnnLossLayer.Builder(new org.nd4j.linalg.lossfunctions.impl.LossMCXENT(
                        org.nd4j.linalg.factory.Nd4j.createFromArray(bins.classWeights())))
                        .activation(Activation.SOFTMAX).build(), "logits")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return ModelBundle.of(net, ModelMetadata.builder(ModelKind.L_TO_AB_BINS, workingSize)
                .architecture("tiny-l-to-ab-bins").bins(bins).build());
    }

    /** L_EMBEDDING_TO_AB, fixed 16x16, with an 8-d embedder network of 16x16 input. */
    public static ModelBundle lEmbeddingToAb() {
        int side = 16, emb = 8;
        var conf = new NeuralNetConfiguration.Builder().seed(13).weightInit(WeightInit.XAVIER_UNIFORM)
                .updater(new Adam(1e-3)).graphBuilder()
                .addInputs("L", "embedding")
                .setInputTypes(InputType.convolutional(side, side, 1), InputType.feedForward(emb))
                .addLayer("c1", conv(4, 1, Activation.RELU), "L")
                .addLayer("emb_dense", new DenseLayer.Builder().nOut(4).activation(Activation.RELU).build(), "embedding")
                .addLayer("repeat", new RepeatVector.Builder(side * side).build(), "emb_dense")
                .addVertex("reshape", new ReshapeVertex('c', new int[] {-1, 4, side, side}, null), "repeat")
                .addVertex("merge", new MergeVertex(), "c1", "reshape")
                .addLayer("c2", conv(2, 1, Activation.TANH), "merge")
                .addLayer("out", new CnnLossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build(), "c2")
                .setOutputs("out").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        MultiLayerConfiguration econf = new NeuralNetConfiguration.Builder().seed(14)
                .weightInit(WeightInit.XAVIER_UNIFORM).list()
                .layer(conv(4, 2, Activation.RELU))
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(emb).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(side, side, 3)).build();
        MultiLayerNetwork embedder = new MultiLayerNetwork(econf);
        embedder.init();
        ModelMetadata md = ModelMetadata.builder(ModelKind.L_EMBEDDING_TO_AB, WorkingSize.fixed(side, side))
                .architecture("tiny-fusion")
                .embedder(new EmbedderSpec("tiny-embedder", side, side, emb, 2f, -1f)).build();
        return ModelBundle.of(net, md).withEmbedder(embedder);
    }
}
