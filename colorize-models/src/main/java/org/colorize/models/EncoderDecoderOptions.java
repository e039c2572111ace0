package org.colorize.models;

import java.util.List;

/**
 * The options of the convolutional encoder-decoders of the colorizer tutorial ({@link LabAlphaNet},
 * {@link LabBetaNet}, and the encoder and decoder of {@link InceptionFusionNet}), checked once here:
 * three of the encoder convolutions have stride 2, so both sides must be positive multiples of 8;
 * every filter count is at least 1 and the kernel size is odd. How many encoder and decoder
 * convolutions there are is the network's (checked when it is built).
 *
 * <pre>{@code
 * LabAlphaNet alpha = LabAlphaNet.builder().kernelSize(5).build();
 * EncoderDecoderOptions o = alpha.options();           // o.kernelSize() == 5
 * }</pre>
 *
 * @param width the input width (for shape inference, and the working size)
 * @param height the input height
 * @param encoderFilters the filters of the encoder convolutions, in order
 * @param decoderFilters the filters of the decoder convolutions before the output, in order
 * @param kernelSize the kernel size of every convolution (the fusion's 1x1 aside)
 * @param channelsLast whether the layers run channels-last (NHWC) inside; inputs and outputs are NCHW
 *     either way
 */
public record EncoderDecoderOptions(int width, int height, List<Integer> encoderFilters, List<Integer> decoderFilters,
        int kernelSize, boolean channelsLast) {

    /** Checks the options and copies the lists. */
    public EncoderDecoderOptions {
        OptionChecks.requireMultiple("inputSize width", width, 8, "three stride-2 layers");
        OptionChecks.requireMultiple("inputSize height", height, 8, "three stride-2 layers");
        encoderFilters = OptionChecks.requireFilters("encoderFilters", encoderFilters, size(encoderFilters));
        decoderFilters = OptionChecks.requireFilters("decoderFilters", decoderFilters, size(decoderFilters));
        OptionChecks.requireKernel("kernelSize", kernelSize);
    }

    private static int size(List<Integer> values) {
        return values == null ? 0 : values.size();
    }

    /**
     * @param encoders the encoder convolutions of the network
     * @param decoders its decoder convolutions before the output
     * @return these options
     * @throws IllegalArgumentException if the filter lists have other lengths
     */
    EncoderDecoderOptions requireLayers(int encoders, int decoders) {
        OptionChecks.requireFilters("encoderFilters", encoderFilters, encoders);
        OptionChecks.requireFilters("decoderFilters", decoderFilters, decoders);
        return this;
    }
}
