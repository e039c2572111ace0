package org.colorize.models;

import java.util.List;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The setters of {@link EncoderDecoderOptions}, shared by the builders of {@link LabAlphaNet},
 * {@link LabBetaNet} and {@link InceptionFusionNet}; each of them states its defaults.
 *
 * @param <B> the concrete builder
 * @param <T> the network it builds
 */
abstract class EncoderDecoderBuilder<B extends EncoderDecoderBuilder<B, T>, T extends ReferenceNetwork>
        extends ReferenceNetwork.Builder<B, T> {
    private List<Integer> encoderFilters;
    private List<Integer> decoderFilters;
    private int kernelSize;
    private boolean channelsLast;

    EncoderDecoderBuilder(EncoderDecoderOptions defaults, IUpdater updater, ILossFunction loss,
            Activation outputActivation) {
        super(defaults.width(), defaults.height(), updater, loss, outputActivation);
        options(defaults);
    }

    /** Sets every option of {@code o} (for {@code toBuilder()}). */
    final B options(EncoderDecoderOptions o) {
        inputSize(o.width(), o.height());
        encoderFilters = o.encoderFilters();
        decoderFilters = o.decoderFilters();
        kernelSize = o.kernelSize();
        channelsLast = o.channelsLast();
        return self();
    }

    /** @return the options set, checked */
    final EncoderDecoderOptions options() {
        return new EncoderDecoderOptions(width, height, encoderFilters, decoderFilters, kernelSize, channelsLast);
    }

    /**
     * @param filters the filters of the encoder convolutions; default and count: see the network's
     *     builder; each >= 1
     * @return this builder
     */
    public B encoderFilters(int... filters) {
        this.encoderFilters = ReferenceNetwork.list(filters);
        return self();
    }

    /**
     * @param filters the filters of the decoder convolutions before the output; default and count:
     *     see the network's builder; each >= 1
     * @return this builder
     */
    public B decoderFilters(int... filters) {
        this.decoderFilters = ReferenceNetwork.list(filters);
        return self();
    }

    /**
     * @param kernelSize the kernel size of every convolution (the fusion's 1x1 aside); default 3; odd, >= 1
     * @return this builder
     */
    public B kernelSize(int kernelSize) {
        this.kernelSize = kernelSize;
        return self();
    }

    /**
     * @param channelsLast whether the layers run channels-last (NHWC) inside, which libnd4j's oneDNN
     *     convolutions run 1.5-15x faster; inputs and outputs stay NCHW, parameters and results are
     *     the same; default true
     * @return this builder
     */
    public B channelsLast(boolean channelsLast) {
        this.channelsLast = channelsLast;
        return self();
    }
}
