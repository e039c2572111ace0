package org.colorize.core.model;

/**
 * What a colorization network takes and gives, which decides how the pipeline feeds it and reads it.
 */
public enum ModelKind {
    /**
     * Gray in, RGB out (the autoencoders). Input: luma gray in [0,1] at the working size, one channel
     * (or the gray replicated to three channels when the model's metadata says
     * {@code inputChannels = 3}). Output: sRGB in [0,1], three channels. The pipeline keeps only the
     * output's chroma (a, b) and joins it to the input's own full-resolution L.
     */
    GRAY_TO_RGB,
    /**
     * L in, ab/128 out (the Lab CNNs). Input: L normalised as the metadata's
     * {@link LNormalization} says. Output: a/128 and b/128, two channels.
     */
    L_TO_AB,
    /**
     * L and an image embedding in, ab/128 out (the fusion network). Inputs: L as for
     * {@link #L_TO_AB}, and the embedding vector of the gray image computed by an {@link Embedder}.
     */
    L_EMBEDDING_TO_AB,
    /**
     * L in, a probability for each quantised ab bin out (Zhang et al. 2016's classification head), at a
     * fraction of the input's resolution. Input: L as for {@link #L_TO_AB}. Output: Q channels, a
     * softmax over the bins of the model's {@link org.colorize.core.encoding.AbBinsEncoding}, decoded
     * by the annealed mean.
     */
    L_TO_AB_BINS
}
