package org.colorize.core.bundle;

import java.util.Objects;

/**
 * How an embedding network stored in a bundle is fed: its input size, output length, and the
 * scaling from [0,1] RGB to its input ({@code x * inputScale + inputOffset}).
 *
 * <p>Keras' Inception-ResNet-v2 preprocessing ({@code x / 127.5 - 1}) is {@code inputScale = 2,
 * inputOffset = -1}.
 *
 * @param architecture the architecture id of the embedding network, e.g. {@code inception-resnet-v2}
 * @param inputWidth the width of its input
 * @param inputHeight the height of its input
 * @param embeddingSize the length of its output vector
 * @param inputScale the factor applied to [0,1] RGB
 * @param inputOffset the offset added after scaling
 */
public record EmbedderSpec(String architecture, int inputWidth, int inputHeight, int embeddingSize,
        float inputScale, float inputOffset) {

    /** @throws IllegalArgumentException if a size is not positive or a scaling value is not finite */
    public EmbedderSpec {
        Objects.requireNonNull(architecture, "architecture");
        if (inputWidth < 1 || inputHeight < 1) {
            throw new IllegalArgumentException("EmbedderSpec input size must be positive, was " + inputWidth + "x" + inputHeight);
        }
        if (embeddingSize < 1) {
            throw new IllegalArgumentException("EmbedderSpec.embeddingSize must be positive, was " + embeddingSize);
        }
        if (!Float.isFinite(inputScale) || !Float.isFinite(inputOffset)) {
            throw new IllegalArgumentException("EmbedderSpec inputScale/inputOffset must be finite, were "
                    + inputScale + "/" + inputOffset);
        }
    }
}
