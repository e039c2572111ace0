package org.colorize.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network that turns an image into a vector, used by {@link ModelKind#L_EMBEDDING_TO_AB} models
 * (the reference one is Inception-ResNet-v2 with its 1000-class output).
 *
 * <p>The caller gives gray images replicated to RGB, NCHW, values in [0,1], already resized to
 * {@link #inputHeight()} x {@link #inputWidth()}; any network-specific scaling happens inside
 * {@link #embed(INDArray)}. Implementations must be safe for concurrent calls.
 */
public interface Embedder {

    /** @return the width the embedder expects */
    int inputWidth();

    /** @return the height the embedder expects */
    int inputHeight();

    /** @return the length of the embedding vector */
    int embeddingSize();

    /**
     * Embeds a batch of images.
     *
     * @param rgb NCHW, shape [N, 3, inputHeight, inputWidth], values in [0,1]
     * @return shape [N, embeddingSize]
     */
    INDArray embed(INDArray rgb);
}
