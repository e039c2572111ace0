/**
 * DL4J layers that the reference networks need and DL4J 1.0.0-M2.1 lacks or runs slowly. Each keeps
 * the configuration, parameters and results of the DL4J layer it replaces (tests compare them):
 * <ul>
 *   <li>{@link org.colorize.core.layers.ChannelBias}: the learned offset of Keras' batch
 *       normalisation without scale (Inception-ResNet-v2);</li>
 *   <li>{@link org.colorize.core.layers.OneDnnConvolution2D},
 *       {@link org.colorize.core.layers.OneDnnDeconvolution2D},
 *       {@link org.colorize.core.layers.OneDnnDense}: convolution, transposed convolution and dense
 *       layers that call libnd4j's oneDNN-backed ops directly, keep their pre-activations for backprop,
 *       and work channels-last;</li>
 *   <li>{@link org.colorize.core.layers.ChannelsLayout}: NCHW/NHWC conversion, so that networks keep
 *       NCHW inputs and outputs while running channels-last inside;</li>
 *   <li>{@link org.colorize.core.layers.DnnlInference}: inference of a graph made of these layers
 *       (and upsampling, concatenation and the fusion broadcast) through oneDNN's own API, with
 *       primitives and packed weights kept per input shape (what colorize's own inference calls try
 *       first);</li>
 *   <li>{@link org.colorize.core.layers.DirectInference}: inference of a graph made of these layers
 *       without DL4J's per-call graph machinery (the next path when the first does not cover a graph or
 *       input).</li>
 * </ul>
 * They live in colorize-core so that every bundle this project writes loads with colorize-core alone.
 * Bundles saved before they moved here name {@code org.colorize.models.layers}; loading maps those names.
 */
package org.colorize.core.layers;
