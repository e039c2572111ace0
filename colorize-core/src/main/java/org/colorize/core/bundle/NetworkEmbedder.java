package org.colorize.core.bundle;

import java.util.Objects;
import org.colorize.core.internal.Networks;
import org.colorize.core.model.Embedder;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An {@link Embedder} over a DL4J network with one input and one vector output, for example
 * Inception-ResNet-v2 with its 1000-class head. The [0,1] RGB input is scaled as the
 * {@link EmbedderSpec} says before the network sees it. Thread-safe: calls to the network are
 * serialised.
 */
public final class NetworkEmbedder implements Embedder {

    private final Model network;
    private final EmbedderSpec spec;

    /**
     * @param network a {@link MultiLayerNetwork} or single-input, single-output {@link ComputationGraph}
     * @param spec its input size, output length and input scaling
     */
    public NetworkEmbedder(Model network, EmbedderSpec spec) {
        this.network = Objects.requireNonNull(network, "network");
        this.spec = Objects.requireNonNull(spec, "spec");
        if (!(network instanceof MultiLayerNetwork) && !(network instanceof ComputationGraph)) {
            throw new IllegalArgumentException("network must be a MultiLayerNetwork or ComputationGraph, was "
                    + network.getClass().getName());
        }
    }

    /** @return the description of the network's input and output */
    public EmbedderSpec spec() {
        return spec;
    }

    @Override
    public int inputWidth() {
        return spec.inputWidth();
    }

    @Override
    public int inputHeight() {
        return spec.inputHeight();
    }

    @Override
    public int embeddingSize() {
        return spec.embeddingSize();
    }

    @Override
    public INDArray embed(INDArray rgb) {
        long[] s = rgb.shape();
        if (s.length != 4 || s[1] != 3 || s[2] != spec.inputHeight() || s[3] != spec.inputWidth()) {
            throw new IllegalArgumentException("embedder input must have shape [N, 3, " + spec.inputHeight() + ", "
                    + spec.inputWidth() + "], was " + java.util.Arrays.toString(s));
        }
        INDArray x = rgb.mul(spec.inputScale()).addi(spec.inputOffset());
        INDArray out = Networks.output(network, x)[0];
        if (out.rank() != 2 || out.size(1) != spec.embeddingSize()) {
            throw new IllegalStateException("embedder network output has shape " + java.util.Arrays.toString(out.shape())
                    + ", expected [N, " + spec.embeddingSize() + "]");
        }
        return out;
    }
}
